import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { renderRss, rssTitleText } from "../../src/feeds/build.js";
import type { FeedSpec } from "../../src/feeds/feed-spec.js";
import { xmlProblem } from "../../src/feeds/verify.js";
import { isCi, parseWithFeedparser, parseWithNpmParsers } from "../conformance/validators.js";
import { article } from "../site/factories.js";

// Titles a reader must show exactly as written (issue 9 item 14). U+FFFD and a private-use character are
// kept on purpose (docs/failures.md): they are valid XML and what the source holds.
const TITLES = [
  "Tom & Jerry <3",
  "<b>Not bold</b> & <script>alert(1)</script>",
  "Two ]]> terminators ]]> in one title",
  "Replacement \uFFFD and private use \uE000",
  "AT&amp;T stays literally &amp;",
];

const spec = (titles: readonly string[], channel = "Site & <Co>"): FeedSpec => ({
  title: channel,
  description: "Desc",
  language: "en",
  homeUrl: "https://n.example/",
  urls: {
    rss: "https://n.example/rss.xml",
    atom: "https://n.example/atom.xml",
    json: "https://n.example/feed.json",
  },
  author: { name: "Desk" },
  hubs: [],
  items: titles.map((title, i) => ({
    article: article(i + 1, `2024-01-${String(10 + i).padStart(2, "0")}T10:00:00Z`, { title }),
    link: `https://n.example/articles/a${i + 1}.html`,
  })),
});

const dir = mkdtempSync(path.join(tmpdir(), "rss-titles-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Only feedparser is needed here (not the whole conformance tool set).
const feedparserMissing = spawnSync("/usr/bin/python3", ["-c", "import feedparser"]).status !== 0;

describe("RSS titles", () => {
  const xml = renderRss(spec(TITLES));

  it("are character data with & and < as hexadecimal references, never CDATA", () => {
    expect(xml).not.toMatch(/<title><!\[CDATA\[/);
    expect(xml).toContain("<title>Tom &#x26; Jerry &#x3C;3</title>");
    expect(xml).toContain("<title>Site &#x26; &#x3C;Co&gt;</title>");
    expect(xml).toContain("<title>Two ]]&gt; terminators ]]&gt; in one title</title>");
    expect(xmlProblem(xml)).toBeUndefined();
  });

  it.skipIf(feedparserMissing && !isCi())(
    `reach feedparser exactly as written${feedparserMissing ? " (skipped: apt-get install python3-feedparser)" : ""}`,
    async () => {
      const file = path.join(dir, "titles.rss.xml");
      writeFileSync(file, xml);
      const parsed = await parseWithFeedparser(file);
      expect(parsed.ok, parsed.details).toBe(true);
      expect(parsed.title).toBe("Site & <Co>");
      expect(parsed.entries.map((e) => e.title).sort()).toEqual([...TITLES].sort());
    },
  );

  it("reach the npm feed parsers exactly as written", async () => {
    const parsed = await parseWithNpmParsers(xml);
    expect(parsed.ok, parsed.details).toBe(true);
    for (const view of [parsed.rowanmanning, parsed.feedsmith])
      expect(view.items.map((item) => item.title).sort()).toEqual([...TITLES].sort());
  });

  it("any plain text survives an XML parse unchanged (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (title) => {
        const text = rssTitleText(title);
        expect(text).not.toMatch(/[<]|&(?!#x26;|#x3C;|gt;)/);
        expect(xmlProblem(`<t>${text}</t>`)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
