import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { publish } from "../../src/publish/publish.js";
import { FsArticleSource, FsFeedStore } from "../../src/store/fs.js";
import { checkFeedFile, conformanceToolsAvailable, isCi } from "../conformance/validators.js";
import { SEEDS } from "../site/seed-site.js";

// A sample page written for this test (not real news): a title and text, no date anywhere.
const UNDATED = "SAMPLE: A page whose scraper lost the date\n\nThe first paragraph of a sample article.\n";
const tools = await conformanceToolsAvailable();
const FIRST_RUN = new Date("2026-11-29T00:00:00Z");
const LATER_RUN = new Date("2026-11-30T12:00:00Z");

let dir: string;
let input: string;
let output: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "undated-"));
  input = path.join(dir, "articles");
  output = path.join(dir, "public");
  cpSync(SEEDS, input, { recursive: true });
  writeFileSync(path.join(input, "undated.txt"), UNDATED);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (now: Date, settings: Record<string, unknown> = {}) =>
  publish({
    config: parseConfig({ timeZone: "Asia/Yerevan", baseUrl: "https://news.example/", ...settings }),
    source: new FsArticleSource(input),
    store: new FsFeedStore(output),
    now,
  });
const read = (key: string) => readFileSync(path.join(output, key), "utf8");

describe('undated: "first-seen" (the default)', () => {
  it("publishes the page without a publication date and counts it as undated", async () => {
    const report = await run(FIRST_RUN);
    expect(report.articles.undated).toBe(1);
    expect(report.articles.rejected).toEqual([]);
    const json = JSON.parse(read("feed.json")) as { items: Record<string, unknown>[] };
    const item = json.items.find((i) => i.title === "SAMPLE: A page whose scraper lost the date");
    expect(item).toBeDefined();
    expect(item).not.toHaveProperty("date_published");
    const rss = read("rss.xml");
    const rssItem = rss.slice(rss.indexOf("SAMPLE: A page"));
    expect(rssItem.slice(0, rssItem.indexOf("</item>"))).not.toContain("<pubDate>");
    const atom = read("atom.xml");
    const entry = atom.slice(atom.indexOf("SAMPLE: A page"));
    const entryXml = entry.slice(0, entry.indexOf("</entry>"));
    expect(entryXml).not.toContain("<published>");
    expect(entryXml).toContain("<updated>2026-11-29T00:00:00.000Z</updated>");
  });

  it("keeps the first-seen time in the run state, so a later run writes the same documents", async () => {
    await run(FIRST_RUN);
    const before = { atom: read("atom.xml"), json: read("feed.json"), rss: read("rss.xml") };
    const later = await run(LATER_RUN, { title: "feed-publisher" });
    expect(later.documents.written).toEqual([]);
    // Settings that force a new parse still find the same first-seen time.
    await run(LATER_RUN, { dateOrder: "MDY" });
    expect({ atom: read("atom.xml"), json: read("feed.json"), rss: read("rss.xml") }).toEqual(before);
  });

  it("rejects a page with no article text under every policy", async () => {
    writeFileSync(path.join(input, "stub.txt"), "You need to enable JavaScript to run this app.\n");
    for (const undated of ["first-seen", "modified-time", "reject"]) {
      const report = await run(FIRST_RUN, { undated });
      expect(report.articles.rejected.map((r) => r.key)).toContain("stub.txt");
    }
  });

  it.skipIf(!tools.ok && !isCi())(
    `feeds with an undated item pass the independent validators${tools.ok ? "" : ` (skipped: ${tools.details})`}`,
    async () => {
      await run(FIRST_RUN);
      for (const file of ["rss.xml", "atom.xml", "feed.json"]) {
        const result = await checkFeedFile(path.join(output, file));
        expect(result.ok, result.details).toBe(true);
      }
    },
  );
});

describe("other undated policies", () => {
  it('"reject" lists the page with what was looked for', async () => {
    const report = await run(FIRST_RUN, { undated: "reject" });
    expect(report.articles.rejected).toEqual([
      { key: "undated.txt", reason: expect.stringMatching(/no date line anywhere on the page/) },
    ]);
  });

  it('"modified-time" dates the page by the stored object\'s time, as a real date', async () => {
    utimesSync(
      path.join(input, "undated.txt"),
      new Date("2026-11-20T10:00:00Z"),
      new Date("2026-11-20T10:00:00Z"),
    );
    const report = await run(FIRST_RUN, { undated: "modified-time" });
    expect(report.articles.undated).toBe(0);
    const json = JSON.parse(read("feed.json")) as { items: Record<string, unknown>[] };
    const item = json.items.find((i) => i.title === "SAMPLE: A page whose scraper lost the date");
    expect(item?.date_published).toBe("2026-11-20T10:00:00Z");
  });

  it("a per-source rule overrides the site-wide policy", async () => {
    const report = await run(FIRST_RUN, {
      undated: "reject",
      sources: [{ match: "undated*", undated: "first-seen" }],
    });
    expect(report.articles.rejected).toEqual([]);
    expect(report.articles.undated).toBe(1);
  });
});

describe("article language", () => {
  it("marks an article in another language than the feed's (Atom xml:lang, JSON Feed language)", async () => {
    await run(FIRST_RUN, { detectLanguage: true });
    const atom = read("atom.xml");
    expect(atom).toMatch(/<entry xml:lang="ru">\s*<title[^>]*>(<!\[CDATA\[)?SAMPLE: Рынок/);
    expect(atom.match(/<entry xml:lang=/g)).toHaveLength(1);
    const json = JSON.parse(read("feed.json")) as { items: Record<string, unknown>[] };
    const ru = json.items.find((i) => String(i.title).startsWith("SAMPLE: Рынок"));
    expect(ru?.language).toBe("ru");
    const en = json.items.find((i) => String(i.title).startsWith("Blinken"));
    expect(en).not.toHaveProperty("language");
  });
});
