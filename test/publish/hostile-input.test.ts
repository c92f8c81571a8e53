import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { publish } from "../../src/publish/publish.js";
import type { PublishReport } from "../../src/publish/report.js";
import { COPY_SCRIPT } from "../../src/site/pages.js";
import { FsArticleSource, FsFeedStore } from "../../src/store/fs.js";
import { checkFeedFile, conformanceToolsAvailable, isCi } from "../conformance/validators.js";
import { emphasisBomb, nestedList } from "../sandbox/dos-inputs.js";
import { REPO_ROOT } from "../site/seed-site.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures/articles");

/** Every fixture's exact outcome: the published title, or the rejection reason. */
const PUBLISHED: Record<string, string> = {
  "chars/control-chars.txt": "Control chars are removed",
  "chars/nonchars.txt": "Noncharacters are removed",
  "chars/lone-surrogate.json": "Lone surrogate",
  "chars/utf16-bom.txt": "UTF-16 article with a BOM",
  "chars/windows-1251.txt": "Новости на кодировке Windows-1251",
  "chars/latin-1.txt": "Café crème brûlée",
  "chars/unicode-armenian.txt": "Հայերեն վերնագիր",
  "sizes/many-categories.json": "Ten thousand categories",
  "structure/two-date-lines.txt": "Two date lines: the second is the update",
  "structure/duplicate-id-a.json": "First holder of id story-42",
  "keys/with spaces and ünïcödé.txt": "Key with spaces and unicode",
  [`keys/${"l".repeat(200)}.txt`]: "Very long key",
  "keys/dots..in..name.txt": "Dots in the key",
  "sizes/long-title.txt": `${"Very long title ".repeat(18)}Very long…`,
  "markup/hostile-html.json": "Markup in the & title",
  "markup/cdata-terminators.txt": "Title with ]]> inside ]]>",
  // The date printed below the article is read (docs/reading.md: the date can be anywhere on the page).
  "structure/date-in-body.txt": "A title first",
};

const REJECTED: Record<string, RegExp> = {
  "chars/invalid-utf8.txt": /^not valid UTF-8 text/,
  "sizes/empty.txt": /^empty article/,
  "sizes/whitespace-only.txt": /^empty article/,
  "sizes/png-named.txt": /^binary file \(PNG image\)/,
  "sizes/huge.txt": /^too large: 52428800 bytes \(maxArticleBytes is 1048576\)$/,
  "sizes/nested-list.md": /^too large: 17\d{5} bytes \(maxMarkdownBytes is 262144\)$/,
  "structure/markdown-emphasis-bomb.md": /^not parsed: took longer than the parsing time budget \(5 s\)/,
  "structure/json-array.json": /^expected an object/,
  "structure/json-wrong-types.json": /field "title".*field "published".*field "categories"/,
  "structure/json-invalid.json": /^not valid JSON/,
  "structure/yaml-billion-laughs.md": /alias/i,
  "structure/yaml-custom-tag.md": /Unresolved tag/,
  "structure/markdown-no-front-matter.md": /^no YAML front matter/,
  "structure/no-date-line.txt": /^no date line anywhere on the page/,
  "structure/future-date.txt": /^date 2099-09-15T07:26:00Z is in the future/,
  "structure/before-1990.txt": /^date 1971-09-15T07:26:00Z is before 1990/,
  "structure/duplicate-id-b.json":
    /^duplicate id urn:uuid:[0-9a-f-]+: already used by structure\/duplicate-id-a\.json$/,
};

const validators = await conformanceToolsAvailable();
const skipValidators = !validators.ok && !isCi();
if (skipValidators)
  console.warn(`[hostile-input] ${validators.details}; feed validation SKIPPED locally (it fails in CI).`);

let dir: string;
let output: string;
let report: PublishReport;

function walk(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const full = path.join(root, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "hostile-"));
  const input = path.join(dir, "articles");
  output = path.join(dir, "out");
  cpSync(FIXTURES, input, { recursive: true });
  // 50 MiB: generated, not committed; rejected from the listing's size without being read.
  writeFileSync(path.join(input, "sizes/huge.txt"), Buffer.alloc(50 * 1024 * 1024, "a"));
  // Markdown denial of service (issue 9 item 1): minutes of parsing, or a heap exhausted, without a budget.
  writeFileSync(path.join(input, "sizes/nested-list.md"), nestedList());
  writeFileSync(path.join(input, "structure/markdown-emphasis-bomb.md"), emphasisBomb());
  report = await publish({
    // undated "reject", so a page without a date is listed with its reason (the default publishes it).
    config: parseConfig({ timeZone: "Asia/Yerevan", baseUrl: "https://news.example/", undated: "reject" }),
    source: new FsArticleSource(input),
    store: new FsFeedStore(output),
    now: new Date("2026-11-29T00:00:00Z"),
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a run over every hostile fixture together", () => {
  it("completes, publishes every good article and lists every bad one with its reason", () => {
    expect(report.documents.failed).toEqual([]);
    expect(report.articles.seen).toBe(Object.keys(PUBLISHED).length + Object.keys(REJECTED).length);
    expect(report.articles.published).toBe(Object.keys(PUBLISHED).length);
    expect(Object.fromEntries(report.articles.rejected.map((r) => [r.key, r.reason]))).toEqual(
      Object.fromEntries(
        Object.entries(REJECTED).map(([key, reason]) => [key, expect.stringMatching(reason)]),
      ),
    );
  });

  it("publishes each good article with its exact, plain-text title", () => {
    const feed = JSON.parse(readFileSync(path.join(output, "feed.json"), "utf8"));
    const titles = feed.items.map((item: { title: string }) => item.title).sort();
    expect(titles).toEqual(Object.values(PUBLISHED).sort());
  });

  it("keeps a second date line as the update time and caps categories", () => {
    const feed = JSON.parse(readFileSync(path.join(output, "feed.json"), "utf8"));
    const twoDates = feed.items.find((i: { title: string }) => i.title.startsWith("Two date lines"));
    expect(twoDates).toMatchObject({
      date_published: "2022-09-15T07:26:00Z",
      date_modified: "2022-09-16T05:00:00Z",
    });
    const many = feed.items.find((i: { title: string }) => i.title === "Ten thousand categories");
    expect(many.tags).toHaveLength(20);
  });

  it("publishes nothing executable and only absolute http(s) links", () => {
    for (const file of walk(output).filter((f) => !f.includes("_state"))) {
      // Our own pages carry one inline stylesheet, index.html our copy-button script and article pages one
      // JSON-LD block (in which `<` is always escaped, so `[^<]*` spans it whole); anything else came from an article.
      const text = readFileSync(file, "utf8")
        .replace(/<style>body\{font[^<]*<\/style>/, "")
        .replace(`<script>${COPY_SCRIPT}</script>`, "")
        .replace(/<script type="application\/ld\+json">[^<]*<\/script>/, "")
        // and our empty icon, which stops browsers asking for /favicon.ico.
        .replace('<link rel="icon" href="data:,">', "");
      for (const bad of [
        /<script/i,
        /javascript:/i,
        /\bon[a-z]+="/i,
        /<iframe/i,
        /<style/i,
        /<base/i,
        /data:image/i,
        /<svg/i,
      ])
        expect(text, `${path.relative(output, file)} contains ${bad}`).not.toMatch(bad);
      for (const [, url] of text.matchAll(/(?:href|src)="([^"]*)"/g))
        expect(url, path.relative(output, file)).toMatch(/^(https?:\/\/|mailto:)/);
    }
    const hostile = readFileSync(path.join(output, "feed.json"), "utf8");
    expect(hostile).toContain("https://news.example/img/ok.png");
    expect(hostile).toContain("https://news.example/relative/page");
  });

  it("writes every document inside the output folder with a short, safe name", () => {
    for (const file of walk(output)) {
      expect(file.startsWith(output + path.sep)).toBe(true);
      expect(path.relative(output, file)).toMatch(/^[a-z0-9_/.-]+$/);
      expect(path.basename(file).length).toBeLessThanOrEqual(120);
    }
  });

  // A visible skip, never an early return that reports a pass (CI fails instead: isCi()).
  it.skipIf(skipValidators)("every feed passes the independent validators", async () => {
    for (const key of ["rss.xml", "atom.xml", "feed.json", "feeds.opml"]) {
      const check = await checkFeedFile(path.join(output, key));
      expect(check.ok, `${key}: ${check.details}`).toBe(true);
    }
  });
});
