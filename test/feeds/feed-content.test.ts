import fc from "fast-check";
import { parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { feedContentHtml } from "../../src/feeds/feed-content.js";
import { xmlProblem } from "../../src/feeds/verify.js";
import { planSite } from "../../src/site/plan.js";
import { article } from "../site/factories.js";

const PAGE = "https://news.example/articles/a.html";
const MORE = `<p><a href="${PAGE}">Read the full article</a></p>`;
const bytes = (text: string) => new TextEncoder().encode(text).byteLength;

/** Sanitised-HTML-like bodies: top-level paragraphs, lists and text with nested inline markup and non-ASCII. */
const block = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }).map((t) => `<p>${t.replace(/[<&>]/g, "")} <b>bold</b></p>`),
  fc
    .array(
      fc.string({ maxLength: 10 }).map((t) => `<li>${t.replace(/[<&>]/g, "")}<br></li>`),
      { maxLength: 4 },
    )
    .map((items) => `<ul>${items.join("")}</ul>`),
  fc.constant('<p>Հայերեն &amp; русский <img src="https://x.example/i.png" alt=""></p>'),
);

describe("feedContentHtml", () => {
  it("keeps a body that fits whole", () => {
    expect(feedContentHtml("<p>short</p>", 1024, PAGE)).toBe("<p>short</p>");
  });

  it("cuts after the last whole top-level block that fits, then links the article page", () => {
    const html = `<p>${"a".repeat(600)}</p>\n<ul><li>${"b".repeat(600)}</li></ul>\n<p>${"c".repeat(600)}</p>`;
    expect(feedContentHtml(html, 1400, PAGE)).toBe(
      `<p>${"a".repeat(600)}</p>\n<ul><li>${"b".repeat(600)}</li></ul>\n${MORE}`,
    );
  });

  it("always fits the limit, keeps a prefix of whole blocks and leaves every tag closed", () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), fc.integer({ min: 100, max: 2000 }), (blocks, max) => {
        const html = blocks.join("\n");
        const out = feedContentHtml(html, max, PAGE);
        if (bytes(html) <= max) {
          expect(out).toBe(html);
          return;
        }
        expect(bytes(out)).toBeLessThanOrEqual(max);
        expect(out.endsWith(MORE)).toBe(true);
        const kept = out.slice(0, -MORE.length).trimEnd();
        expect(html.startsWith(kept)).toBe(true);
        expect(kept === "" || blocks.some((_, i) => blocks.slice(0, i + 1).join("\n") === kept)).toBe(true);
        // Well-formed: as XML (feeds embed it), and as HTML every element closed where it opened.
        expect(
          xmlProblem(`<div>${out.replace(/<br>/g, "<br/>").replace(/(<img[^>]*)>/g, "$1/>")}</div>`),
        ).toBeUndefined();
        expect(parseDocument(out).children.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe("planSite with a very long article", () => {
  const long = article(1, "2024-03-02T10:00:00Z", {
    contentHtml: Array.from({ length: 2000 }, (_, i) => `<p>Paragraph ${i} ${"x".repeat(400)}</p>`).join(
      "\n",
    ),
  });
  const docs = planSite([long], {
    title: "T",
    description: "D",
    baseUrl: "https://news.example/",
    language: "en",
    timeZone: "UTC",
    itemLimit: 50,
    hubs: [],
    feedMaxAgeSeconds: 300,
    pageMaxAgeSeconds: 3600,
    maxFeedContentBytes: 64 * 1024,
  });
  const body = (key: string) => docs.find((d) => d.key === key)?.body ?? "";

  it("keeps the whole text in the article page and a bounded, linked excerpt in every feed", () => {
    expect(body("articles/a1.html")).toContain("Paragraph 1999");
    // One article fits the subscription feeds whole, so there is no archive (preview's fh:complete rule).
    for (const key of ["rss.xml", "atom.xml", "feed.json"].filter((k) => body(k))) {
      expect(bytes(body(key)), key).toBeLessThan(2 * 64 * 1024); // escaped markup may double in Atom
      expect(body(key), key).toContain("Paragraph 0");
      expect(body(key), key).not.toContain("Paragraph 1999");
      expect(body(key), key).toContain("Read the full article");
    }
  });
});
