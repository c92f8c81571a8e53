import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ParseContext } from "../../src/articles/article.js";
import { parseArticle } from "../../src/articles/parse.js";
import { REPO_ROOT, seedArticles } from "../site/seed-site.js";

const ctx: ParseContext = {
  timeZone: "UTC",
  cruftPatterns: [],
  baseUrl: "https://news.example/",
  fallbackToModifiedTime: false,
  now: "2026-01-01T00:00:00Z",
  futureToleranceHours: 48,
  minYear: 1990,
};

const summaryOf = (key: string, text: string) => {
  const result = parseArticle(key, new TextEncoder().encode(text), ctx);
  if (!result.ok) throw new Error(result.error.reason);
  return result.article.summary;
};

describe("summaries of structured articles without a summary field", () => {
  it("a .md article's summary is its first paragraph, not the whole body", () => {
    const md =
      "---\ntitle: T\npublished: 2024-01-01\n---\n\n# Heading\n\nFirst *paragraph* here.\n\nSecond one.\n\n- a list\n";
    expect(summaryOf("a.md", md)).toBe("First paragraph here.");
  });

  it("a .json article with content_html likewise", () => {
    const json = JSON.stringify({
      title: "T",
      published: "2024-01-01",
      content_html: "<div><p></p><p>Lead <b>text</b>.</p><p>More.</p></div>",
    });
    expect(summaryOf("a.json", json)).toBe("Lead text.");
  });

  it("falls back to the whole text when there is no paragraph", () => {
    const json = JSON.stringify({
      title: "T",
      published: "2024-01-01",
      content_html: "<ul><li>One</li></ul>",
    });
    expect(summaryOf("a.json", json)).toBe("One");
  });
});

describe("the JSON sample in seeds/", () => {
  it("reads as sentences after sanitising (no hole where its script was)", () => {
    const sample = seedArticles().find((a) => a.key === "economy/sample-exchange-rates.json");
    expect(sample?.contentHtml).not.toMatch(/<script|\s{2}/);
    // The sample still shows the sanitiser at work: its source has a script element.
    expect(readFileSync(path.join(REPO_ROOT, "seeds/economy/sample-exchange-rates.json"), "utf8")).toContain(
      "<script>",
    );
  });
});
