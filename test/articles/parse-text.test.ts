import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/articles/article.js";
import { parseArticle } from "../../src/articles/parse.js";
import { parseTextArticle } from "../../src/articles/parse-text.js";
import { expectOk, expectRejected, parseContext, SEED_DATE_LINE, scrapedText, utf8 } from "./factories.js";

const SEED_KEY = "000_835090aee9fb4387.txt";
const seedBytes = () => new Uint8Array(readFileSync(new URL(`../../seeds/${SEED_KEY}`, import.meta.url)));

const parseText = (text: string, key = "x.txt", ctx = parseContext()) => parseTextArticle(key, text, ctx);

/** The text of each `<p>` of a contentHtml, in order. */
const paragraphsOf = (html: string) => [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1] as string);

describe("the real seed article (Asia/Yerevan)", () => {
  const parseSeed = () => expectOk(parseArticle(SEED_KEY, seedBytes(), parseContext()));

  it("has the exact title", () => {
    expect(parseSeed().title).toBe("Blinken urged Azerbaijan’s Aliyev to cease hostilities immediately");
  });

  it("is published at 11:26 Yerevan time, i.e. 07:26 UTC", () => {
    expect(parseSeed().published).toBe("2022-09-15T07:26:00Z");
    expect(parseSeed().updated).toBeUndefined();
  });

  it("has exactly four paragraphs, in order", () => {
    const html = parseSeed().contentHtml;
    expect(html.match(/<p>/g)).toHaveLength(4);
    const firstWords = paragraphsOf(html).map((p) => p.split(" ")[0]);
    expect(firstWords).toEqual(["US", "In", "“We", "“We’ve"]);
  });

  it("keeps no page furniture in the body", () => {
    const html = parseSeed().contentHtml;
    expect(html).not.toMatch(/Viewed/i);
    expect(html).not.toMatch(/Latest news/i);
    expect(html).not.toContain("2792");
  });

  it("records the view counter as meta.views", () => {
    expect(parseSeed().meta).toEqual({ views: 2792 });
  });

  it("has a urn:uuid id that is stable across calls", () => {
    const first = parseSeed();
    expect(first.id).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(parseSeed().id).toBe(first.id);
  });

  it("keeps its id when the title is edited (the id comes from the key)", () => {
    const original = parseSeed();
    const edited = new TextDecoder()
      .decode(seedBytes())
      .replace("Blinken urged", "UPDATED: Blinken urged")
      .replace("immediately\n", "immediately, again\n");
    const reparsed = expectOk(parseArticle(SEED_KEY, utf8(edited), parseContext()));
    expect(reparsed.title).not.toBe(original.title);
    expect(reparsed.id).toBe(original.id);
  });

  it("gets a different id under a different key", () => {
    const other = expectOk(parseArticle(`copy/${SEED_KEY}`, seedBytes(), parseContext()));
    expect(other.id).not.toBe(parseSeed().id);
  });

  it("keeps its clean file name as slug and has no folder categories", () => {
    const article = parseSeed();
    expect(article.slug).toBe("000_835090aee9fb4387");
    expect(article.categories).toEqual([]);
  });
});

describe("scraped layout variants", () => {
  const expectBasic = (article: Article) => {
    expect(article.title).toBe("A sample title");
    expect(article.published).toBe("2022-09-15T07:26:00Z");
    expect(paragraphsOf(article.contentHtml)).toEqual([
      "First paragraph of the body.",
      "Second paragraph of the body.",
    ]);
  };

  it("reads the date line after the title", () => {
    expectBasic(expectOk(parseText(scrapedText({ titleFirst: true }))));
  });

  it("reads CRLF line ends", () => {
    const article = expectOk(parseText(scrapedText({ eol: "\r\n" })));
    expectBasic(article);
    expect(article.title).not.toContain("\r");
    expect(article.contentHtml).not.toContain("\r");
  });

  it("reads old Mac CR-only line ends", () => {
    expectBasic(expectOk(parseText(scrapedText({ eol: "\r" }))));
  });

  it("ignores a UTF-8 byte order mark before the date line", () => {
    const article = expectOk(parseArticle("x.txt", utf8(scrapedText({ bom: true })), parseContext()));
    expectBasic(article);
    expect(article.contentHtml).not.toContain("\uFEFF");
  });

  it("reads a file without a final newline", () => {
    const article = expectOk(parseText(scrapedText({ finalNewline: false })));
    expectBasic(article);
    expect(article.meta.views).toBe(12);
  });

  it("reads a file without a final newline and without cruft", () => {
    expectBasic(expectOk(parseText(scrapedText({ finalNewline: false, cruft: [] }))));
  });

  it("makes every line a paragraph when paragraphs are separated by single newlines", () => {
    expectBasic(expectOk(parseText(scrapedText({ blankLines: false }))));
  });

  it("makes every blank-line-separated block a paragraph", () => {
    const text = scrapedText({ paragraphs: ["One.", "Two.", "Three."], blankLines: true });
    expect(paragraphsOf(expectOk(parseText(text)).contentHtml)).toEqual(["One.", "Two.", "Three."]);
  });

  it("ignores runs of blank and whitespace-only lines", () => {
    const text = `\n\n  \n${SEED_DATE_LINE}\n \t \n\n\nTitle\n\n\n\u00A0\n\nBody.\n\n\n`;
    const article = expectOk(parseText(text));
    expect(article.title).toBe("Title");
    expect(paragraphsOf(article.contentHtml)).toEqual(["Body."]);
  });

  it("collapses stray spaces, tabs and no-break spaces", () => {
    const article = expectOk(
      parseText(
        scrapedText({
          title: " \u00A0A \u00A0 spaced\ttitle\u2009 ",
          paragraphs: ["\tlots   of\u00A0\u00A0space \u202F here  "],
        }),
      ),
    );
    expect(article.title).toBe("A spaced title");
    expect(paragraphsOf(article.contentHtml)).toEqual(["lots of space here"]);
    expect(article.summary).toBe("lots of space here");
  });

  it("drops the title when the scraper repeated it as the first body line", () => {
    const article = expectOk(parseText(scrapedText({ paragraphs: ["A sample title", "Body."] })));
    expect(article.title).toBe("A sample title");
    expect(paragraphsOf(article.contentHtml)).toEqual(["Body."]);
  });

  it("drops a repeated title that differs only in spacing", () => {
    const article = expectOk(
      parseText(scrapedText({ title: "Same  title", paragraphs: [" Same title ", "Body."] })),
    );
    expect(paragraphsOf(article.contentHtml)).toEqual(["Body."]);
  });

  it("keeps a body line that repeats the title further down", () => {
    const article = expectOk(parseText(scrapedText({ paragraphs: ["Body.", "A sample title"] })));
    expect(paragraphsOf(article.contentHtml)).toEqual(["Body.", "A sample title"]);
  });

  it("removes and counts an Armenian view counter", () => {
    const article = expectOk(parseText(scrapedText({ cruft: ["Դիտվել է՝ 7328", "Other headline"] })));
    expect(article.meta.views).toBe(7328);
    expect(article.contentHtml).not.toContain("Դիտվել");
    expect(article.contentHtml).not.toContain("7328");
  });

  it("removes and counts a Russian view counter", () => {
    const article = expectOk(parseText(scrapedText({ cruft: ["Просмотры: 199", "Other headline"] })));
    expect(article.meta.views).toBe(199);
    expect(article.contentHtml).not.toContain("Просмотры");
    expect(article.contentHtml).not.toContain("199");
  });

  it("counts views written with thousands separators", () => {
    const article = expectOk(parseText(scrapedText({ cruft: ["Viewed 1,234 times"] })));
    expect(article.meta.views).toBe(1234);
  });

  it("has no meta.views when the page shows no counter", () => {
    expect(expectOk(parseText(scrapedText({ cruft: ["Latest news"] }))).meta).toEqual({});
  });

  it("drops everything after the first cruft line, including later article-looking text", () => {
    const article = expectOk(
      parseText(
        scrapedText({
          paragraphs: ["Kept paragraph."],
          cruft: ["Latest news", "Some other headline the scraper picked up", "Viewed 5 times"],
        }),
      ),
    );
    expect(paragraphsOf(article.contentHtml)).toEqual(["Kept paragraph."]);
    expect(article.contentHtml).not.toContain("other headline");
    expect(article.meta.views).toBe(5);
  });

  it("stops the body at a cruft line in the middle of the text", () => {
    const article = expectOk(parseText(scrapedText({ paragraphs: ["One.", "Share", "Two."], cruft: [] })));
    expect(paragraphsOf(article.contentHtml)).toEqual(["One."]);
  });

  it("reads a second date line right after the first as the updated time", () => {
    const text = `${SEED_DATE_LINE}\n16 / September / 2022 : 09-00\nTitle\nBody.\n`;
    const article = expectOk(parseText(text));
    expect(article.published).toBe("2022-09-15T07:26:00Z");
    expect(article.updated).toBe("2022-09-16T05:00:00Z");
    expect(article.title).toBe("Title");
  });

  it("uses the configured time zone for the date line", () => {
    const article = expectOk(parseText(scrapedText(), "x.txt", parseContext({ timeZone: "UTC" })));
    expect(article.published).toBe("2022-09-15T11:26:00Z");
  });
});

describe("rejections", () => {
  it("rejects a file without a date line, with the key and a reason about the date line", () => {
    const error = expectRejected(parseText(scrapedText({ date: null }), "politics/no-date.txt"));
    expect(error.key).toBe("politics/no-date.txt");
    expect(error.reason).toMatch(/date line/);
  });

  it("uses the stored object's modified time when fallbackToModifiedTime is set", () => {
    const ctx = parseContext({ fallbackToModifiedTime: true, modifiedTime: "2024-03-01T10:20:30.456Z" });
    const article = expectOk(parseText(scrapedText({ date: null }), "x.txt", ctx));
    expect(article.published).toBe("2024-03-01T10:20:30Z");
    expect(article.title).toBe("A sample title");
  });

  it("ignores the modified time when fallbackToModifiedTime is off", () => {
    const ctx = parseContext({ fallbackToModifiedTime: false, modifiedTime: "2024-03-01T10:20:30Z" });
    expect(expectRejected(parseText(scrapedText({ date: null }), "x.txt", ctx)).reason).toMatch(/date line/);
  });

  it("prefers the date line over the modified time", () => {
    const ctx = parseContext({ fallbackToModifiedTime: true, modifiedTime: "2024-03-01T10:20:30Z" });
    expect(expectOk(parseText(scrapedText(), "x.txt", ctx)).published).toBe("2022-09-15T07:26:00Z");
  });

  it("rejects a date before minYear with a reason naming minYear", () => {
    const error = expectRejected(parseText(scrapedText({ date: "15 / September / 1985 : 11-26" })));
    expect(error.key).toBe("x.txt");
    expect(error.reason).toMatch(/1990/);
    expect(error.reason).toMatch(/minYear/);
  });

  it("rejects a date beyond now + futureToleranceHours with a reason", () => {
    // now is 2026-11-29T00:00Z; +48 h is 2026-12-01T00:00Z.
    const error = expectRejected(parseText(scrapedText({ date: "2 / December / 2026 : 11-26" })));
    expect(error.reason).toMatch(/future/);
  });

  it("accepts a date just inside the future tolerance", () => {
    // 2026-12-01 03:59 in Yerevan is 2026-11-30T23:59Z, within 48 h of now.
    const article = expectOk(parseText(scrapedText({ date: "1 / December / 2026 : 03-59" })));
    expect(article.published).toBe("2026-11-30T23:59:00Z");
  });

  it("rejects a file with only a date line (no title)", () => {
    const error = expectRejected(parseText(`${SEED_DATE_LINE}\n`));
    expect(error.reason).toMatch(/title/);
  });

  it("rejects a file whose title line is page furniture", () => {
    const error = expectRejected(parseText(scrapedText({ title: "Latest news" })));
    expect(error.reason).toMatch(/furniture|title/);
  });
});

describe("titles, categories and escaping", () => {
  it("truncates a 5,000-character title to at most 300 characters ending in … and keeps it all in the body", () => {
    const words = Array.from({ length: 1300 }, (_, i) => `w${i % 10}x`);
    const longTitle = `${words.join(" ").slice(0, 4999)}.`;
    expect(longTitle).toHaveLength(5000);
    const article = expectOk(parseText(scrapedText({ title: longTitle })));
    expect(Array.from(article.title).length).toBeLessThanOrEqual(300);
    expect(article.title.endsWith("…")).toBe(true);
    expect(longTitle.startsWith(article.title.slice(0, -1))).toBe(true);
    expect(paragraphsOf(article.contentHtml)[0]).toBe(longTitle);
    expect(paragraphsOf(article.contentHtml).slice(1)).toEqual([
      "First paragraph of the body.",
      "Second paragraph of the body.",
    ]);
  });

  it("truncates a 5,000-character title without spaces", () => {
    const article = expectOk(parseText(scrapedText({ title: "x".repeat(5000) })));
    expect(Array.from(article.title).length).toBeLessThanOrEqual(300);
    expect(article.title.endsWith("…")).toBe(true);
    expect(article.contentHtml).toContain("x".repeat(5000));
  });

  it("takes categories from folders", () => {
    expect(expectOk(parseText(scrapedText(), "politics/x.txt")).categories).toEqual(["politics"]);
    expect(expectOk(parseText(scrapedText(), "world/politics/x.txt")).categories).toEqual([
      "world",
      "politics",
    ]);
  });

  it("ignores numeric (date-like) folders", () => {
    expect(expectOk(parseText(scrapedText(), "2022/09/x.txt")).categories).toEqual([]);
    expect(expectOk(parseText(scrapedText(), "politics/2022/09/x.txt")).categories).toEqual(["politics"]);
  });

  // Folder names reach the feeds as category labels: they must be valid XML text like every other string.
  it("a long folder name is cut inside a surrogate pair, leaving a lone surrogate in the category", () => {
    const folder = `a${"😀".repeat(60)}`;
    const article = expectOk(parseText(scrapedText(), `${folder}/x.txt`));
    const category = article.categories[0] as string;
    const loneSurrogates = Array.from(category).filter((c) => /^[\uD800-\uDFFF]$/.test(c));
    expect(loneSurrogates).toEqual([]);
  });

  it("control characters in a folder name reach the category unremoved", () => {
    const article = expectOk(parseText(scrapedText(), "pol\u0001itics/x.txt"));
    expect(article.categories).toEqual(["politics"]);
  });

  it("escapes HTML-looking text in the body instead of passing it through as markup", () => {
    const article = expectOk(
      parseText(
        scrapedText({ paragraphs: ['<script>alert(1)</script> & <img src=x onerror=alert(2)> "q"'] }),
      ),
    );
    expect(article.contentHtml).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(article.contentHtml).toContain("&amp;");
    expect(article.contentHtml).not.toMatch(/<script/i);
    expect(article.contentHtml).not.toMatch(/<img/i);
    // Only the paragraph tags themselves are markup.
    expect(article.contentHtml.replace(/<\/?p>/g, "")).not.toMatch(/[<>]/);
  });

  it("keeps an HTML-looking title as plain text (escaping is the renderer's job)", () => {
    const article = expectOk(parseText(scrapedText({ title: "<b>Bold</b> & co" })));
    expect(article.title).toBe("<b>Bold</b> & co");
  });
});

describe("whitespace and Unicode normalisation in titles", () => {
  // The .json/.md path collapses every `\s` run (structured.ts oneLine); the .txt path only collapses
  // ASCII spaces, so the same title differs between formats.
  for (const [name, ch] of [
    ["U+1680 OGHAM SPACE MARK", "\u1680"],
    ["U+2028 LINE SEPARATOR", "\u2028"],
    ["U+2029 PARAGRAPH SEPARATOR", "\u2029"],
    ["U+FEFF inside a line", "\uFEFF"],
  ] as const) {
    it(`a run of ${name} in a title is not collapsed to one space`, () => {
      const article = expectOk(parseText(scrapedText({ title: `Alpha${ch}${ch} Beta` })));
      expect(article.title).toBe("Alpha Beta");
    });
  }

  it("collapses odd spaces (NBSP, thin space, ideographic space) and removes zero-width spaces", () => {
    const article = expectOk(parseText(scrapedText({ title: "Alpha\u00A0\u2009\u3000Be\u200Bta" })));
    expect(article.title).toBe("Alpha Beta");
  });

  it("composes the title to NFC", () => {
    expect(expectOk(parseText(scrapedText({ title: "Cafe\u0301" }))).title).toBe("Caf\u00E9");
  });

  // normalizeText runs NFC before removing forbidden characters, so a removed control character that
  // separated a base letter from its combining mark leaves a decomposed (non-NFC) pair behind.
  it("a title stays NFC when a removed control character separated a letter from its accent", () => {
    const article = expectOk(parseText(scrapedText({ title: "Cafe\u0001\u0301" })));
    expect(article.title).toBe("Caf\u00E9");
  });
});

describe("Armenian view counters with անգամ (times)", () => {
  it("ends the body and keeps the count", () => {
    const result = expectOk(
      parseTextArticle(
        "hy.txt",
        "15 / September / 2022 : 11-26\n\nՎերնագիր\n\nՏեքստ։\nԴիտվել է 345 անգամ\n",
        parseContext(),
      ),
    );
    expect(result.contentHtml).toBe("<p>Տեքստ։</p>");
    expect(result.meta.views).toBe(345);
  });
});
