import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/articles/parse.js";
import { DEFAULT_CRUFT_PATTERNS } from "../../src/config.js";
import { xmlProblem } from "../../src/feeds/verify.js";
import { planSite } from "../../src/site/plan.js";
import {
  checkFeedFile,
  conformanceToolsAvailable,
  isCi,
  parseWithNpmParsers,
} from "../conformance/validators.js";
import { sampleConfig } from "./seed-site.js";

const config = sampleConfig({ timeZone: "UTC", baseUrl: "https://news.example/" });
const ctx = {
  timeZone: "UTC",
  cruftPatterns: [...DEFAULT_CRUFT_PATTERNS, ...config.cruftPatterns],
  baseUrl: config.baseUrl,
  fallbackToModifiedTime: false,
  now: "2026-11-29T00:00:00Z",
  futureToleranceHours: 48,
  minYear: 1990,
};

/** Text as scrapers produce it: any Unicode, control characters, markup, CDATA terminators, entities. */
const nastyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc
    .array(
      fc.constantFrom(
        "<script>x</script>",
        "]]>",
        "&amp;",
        "&",
        "<",
        ">",
        '"',
        "\u0000",
        "\u0007",
        "\uFFFE",
        "\uD800",
        "Հայ",
        "Рус",
        " ",
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join("a")),
);

function documentsFor(title: string, paragraphs: string[]) {
  const text = `15 / September / 2022 : 11-26\n\n${title}\n\n${paragraphs.join("\n\n")}\n`;
  const result = parseArticle("prop/article.txt", new TextEncoder().encode(text), ctx);
  return { result, docs: result.ok ? planSite([result.article], config) : [] };
}

describe("parse → plan → strict re-parse, for any text", () => {
  it("every XML document is well-formed and every JSON document parses", () => {
    fc.assert(
      fc.property(nastyText, fc.array(nastyText, { maxLength: 4 }), (title, paragraphs) => {
        const { docs } = documentsFor(title, paragraphs);
        for (const doc of docs) {
          if (doc.format === "xml") expect(xmlProblem(doc.body), doc.key).toBeUndefined();
          if (doc.format === "json") expect(() => JSON.parse(doc.body)).not.toThrow();
        }
      }),
      { numRuns: 300 },
    );
  });

  it("an independent parser reads back the exact title from RSS, Atom and JSON Feed", async () => {
    await fc.assert(
      fc.asyncProperty(nastyText, async (title) => {
        const { result, docs } = documentsFor(title, ["Body."]);
        fc.pre(result.ok);
        if (!result.ok) return;
        const expected = result.article.title;
        // An RSS title that itself looks like markup or an entity (`&amp;`, `<b>`) is ambiguous by the RSS
        // spec: readers that treat titles as HTML decode it. Atom's typed titles are exact for any text.
        const ambiguousInRss = /&(#\d+|#x[0-9a-f]+|\w+);|<[a-z/!?]/i.test(expected);
        for (const key of ambiguousInRss ? ["atom.xml"] : ["rss.xml", "atom.xml"]) {
          const body = docs.find((d) => d.key === key)?.body ?? "";
          const parsed = await parseWithNpmParsers(body);
          expect(parsed.rowanmanning.ok, parsed.details).toBe(true);
          expect(parsed.rowanmanning.items[0]?.title?.trim(), key).toBe(expected);
        }
        const json = JSON.parse(docs.find((d) => d.key === "feed.json")?.body ?? "{}");
        expect(json.items[0].title).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });
});

describe("hostile strings through every independent validator", async () => {
  const tools = await conformanceToolsAvailable();
  const run = tools.ok || isCi() ? it : it.skip;
  run("feedparser, jing, xmllint and the npm parsers accept feeds built from hostile text", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hostile-"));
    try {
      const { result, docs } = documentsFor("Tom & Jerry <b>bold</b> ]]> \u0001 \uFFFE end", [
        "<script>alert(1)</script> & ]]> ]]> \u0000 Հայաստան Россия",
        "\uD800 lone surrogate and “quotes” <iframe src=x>",
      ]);
      expect(result.ok).toBe(true);
      for (const doc of docs.filter(
        (d) => d.key === "rss.xml" || d.key === "atom.xml" || d.key === "feed.json",
      )) {
        const file = path.join(dir, doc.key);
        writeFileSync(file, doc.body);
        const check = await checkFeedFile(file);
        expect(check.ok, `${doc.key}: ${check.details}`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
