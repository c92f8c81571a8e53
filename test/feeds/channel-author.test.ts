import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { renderRss } from "../../src/feeds/build.js";
import type { FeedSpec } from "../../src/feeds/feed-spec.js";
import { xmlProblem } from "../../src/feeds/verify.js";
import { article } from "../site/factories.js";

const PYTHON = "/usr/bin/python3";
const run = promisify(execFile);
const feedparserPresent =
  existsSync(PYTHON) &&
  (await run(PYTHON, ["-c", "import feedparser"]).then(
    () => true,
    () => false,
  ));
if (!feedparserPresent && process.env.CI !== "true")
  console.warn("[channel author] Debian python3-feedparser missing: SKIPPED locally (fails in CI)");

const spec = (author: FeedSpec["author"]): FeedSpec => ({
  title: "Site",
  description: "d",
  language: "en",
  homeUrl: "https://news.example/",
  urls: {
    rss: "https://news.example/rss.xml",
    atom: "https://news.example/atom.xml",
    json: "https://news.example/feed.json",
  },
  author,
  hubs: [],
  items: [{ article: article(1, "2024-01-05T10:00:00Z"), link: "https://news.example/a1" }],
});

/** What feedparser reports as the channel's author, as JSON. */
async function feedparserAuthor(xml: string): Promise<{ author?: string; email?: string }> {
  const script =
    "import sys, json, feedparser\n" +
    "d = feedparser.parse(sys.stdin.buffer.read())\n" +
    "a = d.feed.get('author_detail') or {}\n" +
    "print(json.dumps({'bozo': bool(d.bozo), 'author': a.get('name'), 'email': a.get('email')}))\n";
  const child = execFile(PYTHON, ["-c", script]);
  child.stdin?.end(xml);
  let out = "";
  child.stdout?.on("data", (chunk) => {
    out += chunk;
  });
  await new Promise((resolve) => child.on("close", resolve));
  const parsed = JSON.parse(out) as { bozo: boolean; author?: string; email?: string };
  expect(parsed.bozo).toBe(false);
  return parsed;
}

describe.skipIf(!feedparserPresent && process.env.CI !== "true")("RSS channel author (feedparser)", () => {
  it("is the configured author's name", async () => {
    const xml = renderRss(spec({ name: "Newsroom & Co" }));
    expect(xmlProblem(xml)).toBeUndefined();
    expect((await feedparserAuthor(xml)).author).toBe("Newsroom & Co");
  });

  it("carries the email in managingEditor's `email (name)` form when one is configured", async () => {
    const xml = renderRss(spec({ name: "Desk", email: "desk@news.example" }));
    expect(xml).toContain("<managingEditor>desk@news.example (Desk)</managingEditor>");
    const seen = await feedparserAuthor(xml);
    expect(seen.author).toBe("Desk");
  });
});
