import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CheckReport, checkSite } from "../../src/check/check-site.js";
import { openPublishedSite } from "../../src/check/site-location.js";
import { publish } from "../../src/publish/publish.js";
import { FsArticleSource, FsFeedStore } from "../../src/store/fs.js";
import { SEEDS, sampleConfig } from "../site/seed-site.js";

// `feed-publisher check` against a real published site (the seeds), then against copies broken one way
// each: a check that never says "no" proves nothing.

let root: string;
let pristine: string;
let site: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "check-"));
  pristine = path.join(root, "pristine");
  const report = await publish({
    config: sampleConfig(),
    source: new FsArticleSource(SEEDS),
    store: new FsFeedStore(pristine),
    now: new Date("2026-11-29T00:00:00Z"),
  });
  expect(report.documents.failed).toEqual([]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeEach(({ task }) => {
  site = path.join(root, task.id);
  cpSync(pristine, site, { recursive: true });
});

const check = (options: { baseUrl?: string } = {}): Promise<CheckReport> =>
  checkSite(
    openPublishedSite({ kind: "fs", path: site }, () => {
      throw new Error("no S3 in this test");
    }),
    options,
  );
const file = (key: string) => path.join(site, key);
const edit = (key: string, change: (text: string) => string) =>
  writeFileSync(file(key), change(readFileSync(file(key), "utf8")));
const problemsOf = (report: CheckReport, key: string) =>
  report.problems.filter((p) => p.key === key).map((p) => p.problem);

describe("checkSite on a published folder", () => {
  it("passes the site `npm start` publishes, learning its address from atom.xml", async () => {
    const report = await check();
    expect(report.problems).toEqual([]);
    expect(report.baseUrl).toBe("http://localhost:8080/");
    expect(report.documents).toMatchObject({ atom: 6, rss: 6, "json-feed": 6, opml: 1, html: 6 });
  });

  it("warns, without failing, about the samples' relative links that go nowhere (article content)", async () => {
    const report = await check();
    expect(report.warnings.map((w) => w.problem)).toEqual([
      expect.stringMatching(/^article content links to http:\/\/localhost:8080\/culture\/jazz, /),
      expect.stringMatching(/^article content links to http:\/\/localhost:8080\/economy\/, /),
    ]);
  });

  it("finds every document that links to a deleted article page", async () => {
    const page = "articles/000_835090aee9fb4387.html";
    unlinkSync(file(page));
    const report = await check();
    const linking = report.problems.filter((p) => p.problem.includes(page)).map((p) => p.key);
    expect(linking).toEqual(expect.arrayContaining(["rss.xml", "atom.xml", "feed.json", "index.html"]));
    expect(report.warnings.some((w) => w.problem.includes(page))).toBe(false);
  });

  it("reports a missing main document", async () => {
    unlinkSync(file("feeds.opml"));
    const report = await check();
    expect(problemsOf(report, "feeds.opml")).toEqual(["missing: every published site has it"]);
    // index.html links to it too.
    expect(problemsOf(report, "index.html").join()).toMatch(/feeds\.opml, which is not published/);
  });

  it("reports XML that is not well-formed", async () => {
    edit("categories/politics/rss.xml", (text) => text.replace("</channel>", ""));
    expect(problemsOf(await check(), "categories/politics/rss.xml")).toEqual([
      expect.stringMatching(/^not well-formed XML: /),
    ]);
  });

  it("reports an Atom entry without <updated> and a duplicate entry id", async () => {
    edit("atom.xml", (text) => text.replace(/(<entry>[\s\S]*?)<updated>[^<]*<\/updated>/, "$1"));
    let problems = problemsOf(await check(), "atom.xml");
    expect(problems).toEqual(["entry 1: 0 <updated> elements, expected exactly 1"]);
    edit("atom.xml", (text) => {
      const ids = [...text.matchAll(/<entry>[\s\S]*?<id>([^<]*)<\/id>/g)].map((m) => m[1] as string);
      return text.replace(ids[1] as string, ids[0] as string);
    });
    problems = problemsOf(await check(), "atom.xml");
    expect(problems).toContainEqual(expect.stringMatching(/^entry 2: duplicate <id> /));
  });

  it("reports an RSS pubDate that is not RFC 822 and a self link that points elsewhere", async () => {
    edit("rss.xml", (text) =>
      text.replace(/<pubDate>[^<]*<\/pubDate>/, "<pubDate>2022-09-15T07:26:00Z</pubDate>"),
    );
    edit("categories/economy/rss.xml", (text) =>
      text.replace(/(rel="self"[^>]*href="|href="[^"]*)categories\/economy\/rss\.xml/, "$1rss.xml"),
    );
    const report = await check();
    expect(problemsOf(report, "rss.xml")).toEqual([
      expect.stringMatching(/<pubDate> "2022-09-15T07:26:00Z" is not an RFC 822 date/),
    ]);
    expect(problemsOf(report, "categories/economy/rss.xml")).toEqual([
      "self link is http://localhost:8080/rss.xml, but the document is served at http://localhost:8080/categories/economy/rss.xml",
    ]);
  });

  it("reports JSON Feed 1.1 problems by path", async () => {
    edit("feed.json", (text) => {
      const feed = JSON.parse(text);
      feed.items[0].date_published = "Thu, 15 Sep 2022 11:26:00 +0400";
      feed.homepage = "typo";
      return JSON.stringify(feed);
    });
    expect(problemsOf(await check(), "feed.json")).toEqual([
      'homepage: unknown member (extensions must start with "_")',
      "items.0.date_published: must be an RFC 3339 date-time",
    ]);
  });

  it("checks links against --base-url when given, and skips private state", async () => {
    // Folder outputs keep their state beside the output now; a stray _state/ (an older version's) is still skipped.
    mkdirSync(file("_state"), { recursive: true });
    writeFileSync(file("_state/not-json"), "{");
    const report = await check({ baseUrl: "https://feeds.example.com/" });
    // Every self link now disagrees with the given address.
    expect(report.problems.filter((p) => p.problem.startsWith("self link is")).length).toBe(12);
    expect(report.problems.some((p) => p.key.startsWith("_state/"))).toBe(false);
  });
});
