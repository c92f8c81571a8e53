import { describe, expect, it } from "vitest";
import { parseJsonArticle } from "../../src/articles/parse-json.js";
import { expectOk, expectRejected, parseContext, URN_UUID } from "./factories.js";

const KEY = "economy/rates.json";

/** A minimal valid JSON article with overrides; a fresh object per call. */
const fields = (overrides: Record<string, unknown> = {}) => ({
  title: "Dram holds steady",
  published: "2022-09-16T14:30:00",
  ...overrides,
});

const parseJson = (value: unknown, key = KEY, ctx = parseContext()) =>
  parseJsonArticle(key, typeof value === "string" ? value : JSON.stringify(value), ctx);

describe("documented fields", () => {
  it("reads a minimal article (title and published)", () => {
    const article = expectOk(parseJson(fields()));
    expect(article.key).toBe(KEY);
    expect(article.title).toBe("Dram holds steady");
    expect(article.published).toBe("2022-09-16T10:30:00Z");
    expect(article.id).toMatch(URN_UUID);
    expect(article.url).toBeUndefined();
    expect(article.updated).toBeUndefined();
    expect(article.author).toBeUndefined();
    expect(article.image).toBeUndefined();
    expect(article.categories).toEqual(["economy"]);
    expect(article.meta).toEqual({});
  });

  it("reads every optional field", () => {
    const article = expectOk(
      parseJson(
        fields({
          id: "tag:news.example,2022:rates-1",
          url: "https://news.example/economy/rates",
          updated: "2022-09-16T18:00:00",
          author: "Sample Desk",
          categories: ["Economy", "Markets"],
          tags: ["dram"],
          summary: "A  short\nsummary.",
          content_text: "First paragraph.\n\nSecond paragraph.",
          image: "https://cdn.example/rates.png",
        }),
      ),
    );
    expect(article.id).toBe("tag:news.example,2022:rates-1");
    expect(article.url).toBe("https://news.example/economy/rates");
    expect(article.updated).toBe("2022-09-16T14:00:00Z");
    expect(article.author).toBe("Sample Desk");
    expect(article.categories).toEqual(["Economy", "Markets", "dram"]);
    expect(article.summary).toBe("A short summary.");
    expect(article.contentHtml).toBe("<p>First paragraph.</p>\n<p>Second paragraph.</p>");
    expect(article.image).toBe("https://cdn.example/rates.png");
  });

  it("reads author as an object with a name", () => {
    expect(expectOk(parseJson(fields({ author: { name: " Jane   Doe " } }))).author).toBe("Jane Doe");
  });

  it("merges categories, tags and the folder, case-insensitively distinct", () => {
    const article = expectOk(parseJson(fields({ categories: ["Markets", "markets"], tags: ["ECONOMY"] })));
    expect(article.categories).toEqual(["Markets", "ECONOMY"]);
  });

  it("makes a relative image URL absolute against baseUrl", () => {
    expect(expectOk(parseJson(fields({ image: "/img/x.png" }))).image).toBe("https://news.example/img/x.png");
  });

  it("drops an image with a non-http(s) URL", () => {
    expect(expectOk(parseJson(fields({ image: "javascript:alert(1)" }))).image).toBeUndefined();
  });

  it("renders content_text as escaped paragraphs", () => {
    const article = expectOk(parseJson(fields({ content_text: "a < b & c\nnext line" })));
    expect(article.contentHtml).toBe("<p>a &lt; b &amp; c</p>\n<p>next line</p>");
    expect(article.summary).toBe("a < b & c");
  });

  it("prefers content_html over content_text", () => {
    const article = expectOk(parseJson(fields({ content_html: "<p>HTML</p>", content_text: "text" })));
    expect(article.contentHtml).toBe("<p>HTML</p>");
  });

  it("summarises content_html as plain text when there is no summary", () => {
    const article = expectOk(parseJson(fields({ content_html: "<p>Rates <b>rose</b> &amp; fell.</p>" })));
    expect(article.summary).toBe("Rates rose & fell.");
  });

  it("drops an updated time that is not after published", () => {
    const article = expectOk(parseJson(fields({ updated: "2022-09-16T14:00:00" })));
    expect(article.updated).toBeUndefined();
  });

  it("ignores unknown fields", () => {
    expect(expectOk(parseJson(fields({ scraper_run: 42, extra: { a: 1 } }))).title).toBe("Dram holds steady");
  });

  it("truncates an over-long title and keeps it in the body", () => {
    const long = "word ".repeat(200).trim();
    const article = expectOk(parseJson(fields({ title: long, content_text: "Body." })));
    expect(Array.from(article.title).length).toBeLessThanOrEqual(300);
    expect(article.title.endsWith("…")).toBe(true);
    expect(article.contentHtml).toContain(long);
    expect(article.contentHtml).toContain("<p>Body.</p>");
  });
});

describe("dates", () => {
  it("reads a local time in the configured zone (Asia/Yerevan, UTC+4)", () => {
    expect(expectOk(parseJson(fields({ published: "2022-09-16T14:30:00" }))).published).toBe(
      "2022-09-16T10:30:00Z",
    );
  });

  it("reads a local time in another configured zone", () => {
    const ctx = parseContext({ timeZone: "Europe/Berlin" });
    expect(expectOk(parseJson(fields({ published: "2022-09-16T14:30:00" }), KEY, ctx)).published).toBe(
      "2022-09-16T12:30:00Z",
    );
  });

  it("lets an explicit offset win over the configured zone", () => {
    expect(expectOk(parseJson(fields({ published: "2022-09-16T14:30:00+02:00" }))).published).toBe(
      "2022-09-16T12:30:00Z",
    );
    expect(expectOk(parseJson(fields({ published: "2022-09-16T14:30:00Z" }))).published).toBe(
      "2022-09-16T14:30:00Z",
    );
  });

  it("reads an RFC 2822 date", () => {
    expect(expectOk(parseJson(fields({ published: "Fri, 16 Sep 2022 14:30:00 +0000" }))).published).toBe(
      "2022-09-16T14:30:00Z",
    );
  });

  it("reads a scraped date-line shape", () => {
    expect(expectOk(parseJson(fields({ published: "16 սեպտեմբերի 2022, 10:05" }))).published).toBe(
      "2022-09-16T06:05:00Z",
    );
  });

  it("rejects a date before minYear and one too far in the future", () => {
    expect(expectRejected(parseJson(fields({ published: "1985-01-01T00:00:00Z" }))).reason).toMatch(
      /minYear/,
    );
    expect(expectRejected(parseJson(fields({ published: "2027-01-01T00:00:00Z" }))).reason).toMatch(/future/);
  });

  // Article.published is documented as `YYYY-MM-DDTHH:mm:ssZ`, and plan.ts sorts by string comparison:
  // "…:00.500Z" would sort before "…:00Z" although it is later, so mixed precision would misorder items.
  it("drops fractional seconds from published, so dates sort as strings", () => {
    const article = expectOk(parseJson(fields({ published: "2022-09-16T14:30:00.500+04:00" })));
    expect(article.published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});

describe("ids", () => {
  it("keeps an id that is already a URI", () => {
    for (const id of ["https://news.example/a/1", "urn:isbn:0451450523", "tag:news.example,2022:1"]) {
      expect(expectOk(parseJson(fields({ id }))).id).toBe(id);
    }
  });

  it("turns a plain string id into a stable urn:uuid", () => {
    const first = expectOk(parseJson(fields({ id: "rates-2022-09-16" }))).id;
    expect(first).toMatch(URN_UUID);
    expect(expectOk(parseJson(fields({ id: "rates-2022-09-16" }))).id).toBe(first);
  });

  it("turns a numeric id into a stable urn:uuid", () => {
    const first = expectOk(parseJson(fields({ id: 42 }))).id;
    expect(first).toMatch(URN_UUID);
    expect(expectOk(parseJson(fields({ id: 42 }))).id).toBe(first);
  });

  it("keeps the source id when the file moves (id from the source, not the key)", () => {
    const here = expectOk(parseJson(fields({ id: "rates-1" }), "a/x.json")).id;
    const there = expectOk(parseJson(fields({ id: "rates-1" }), "b/y.json")).id;
    expect(there).toBe(here);
  });

  it("derives the id from the key, not the title, when there is no id", () => {
    const original = expectOk(parseJson(fields({ title: "Old title" }))).id;
    expect(expectOk(parseJson(fields({ title: "New title" }))).id).toBe(original);
    expect(expectOk(parseJson(fields(), "economy/other.json")).id).not.toBe(original);
  });

  it("gives different ids to different plain source ids", () => {
    const a = expectOk(parseJson(fields({ id: "a" }))).id;
    const b = expectOk(parseJson(fields({ id: "b" }))).id;
    expect(a).not.toBe(b);
  });
});

describe("rejections name the field", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["title is a number", fields({ title: 5 }), "title"],
    ["title is missing", { published: "2022-09-16T14:30:00" }, "title"],
    ["title is blank", fields({ title: " \n\t " }), "title"],
    ["published is missing", { title: "T" }, "published"],
    ["published is a number", fields({ published: 1663338600 }), "published"],
    ["published is not a date", fields({ published: "yesterday" }), "published"],
    ["updated is not a date", fields({ updated: "later" }), "updated"],
    ["url is relative", fields({ url: "/economy/rates" }), "url"],
    ["url is javascript:", fields({ url: "javascript:alert(1)" }), "url"],
    ["author is a number", fields({ author: 5 }), "author"],
    ["author object without name", fields({ author: { email: "a@b.c" } }), "author"],
    ["categories is a string", fields({ categories: "Economy" }), "categories"],
    ["tags holds a number", fields({ tags: ["ok", 3] }), "tags"],
    ["summary is an object", fields({ summary: { text: "x" } }), "summary"],
    ["content_html is an array", fields({ content_html: ["<p>x</p>"] }), "content_html"],
    ["content_text is a number", fields({ content_text: 7 }), "content_text"],
    ["image is a number", fields({ image: 7 }), "image"],
    ["id is an empty string", fields({ id: "" }), "id"],
    ["id is an object", fields({ id: { v: 1 } }), "id"],
  ];
  for (const [name, value, field] of cases) {
    it(`rejects when ${name}`, () => {
      const error = expectRejected(parseJson(value));
      expect(error.key).toBe(KEY);
      // `field "tags.1" …` names the field and the element.
      expect(error.reason).toMatch(new RegExp(`field "${field}[".]`));
    });
  }

  for (const [name, text] of [
    ["an array", "[]"],
    ["an array of articles", JSON.stringify([fields()])],
    ["a number", "42"],
    ["null", "null"],
    ["a string", '"title"'],
    ["a boolean", "true"],
  ] as const) {
    it(`rejects JSON that is ${name}, asking for an object`, () => {
      const error = expectRejected(parseJson(text));
      expect(error.key).toBe(KEY);
      expect(error.reason).toMatch(/object/);
    });
  }

  for (const [name, text] of [
    ["truncated", '{"title": "T", "published": '],
    ["unquoted keys", "{title: 'T'}"],
    ["trailing comma", '{"title": "T",}'],
    ["two documents", '{"title": "T"}{"title": "U"}'],
  ] as const) {
    it(`rejects invalid JSON (${name})`, () => {
      const error = expectRejected(parseJson(text));
      expect(error.key).toBe(KEY);
      expect(error.reason).toMatch(/not valid JSON/);
    });
  }
});

describe("content_html is sanitised", () => {
  const contentOf = (html: string) => expectOk(parseJson(fields({ content_html: html }))).contentHtml;

  it("removes script elements and their text", () => {
    const html = contentOf("<p>a</p><script>alert('x')</script><p>b</p>");
    expect(html).toBe("<p>a</p><p>b</p>");
  });

  it("removes on* event handler attributes", () => {
    const html = contentOf(
      '<p onclick="steal()">a</p><img src="https://cdn.example/x.png" onerror="steal()">',
    );
    expect(html).not.toMatch(/on(click|error)/i);
    expect(html).toContain('<img src="https://cdn.example/x.png" />');
  });

  it("removes javascript: URLs", () => {
    const html = contentOf('<a href="javascript:alert(1)">x</a>');
    expect(html).not.toMatch(/javascript/i);
    expect(html).toBe("<a>x</a>");
  });

  it("removes iframes", () => {
    expect(contentOf('<iframe src="https://evil.example/"></iframe><p>k</p>')).not.toMatch(/iframe/i);
  });

  it("removes style elements and style attributes", () => {
    const html = contentOf('<style>p { color: red }</style><p style="color: red">k</p>');
    expect(html).toBe("<p>k</p>");
  });

  it("makes relative links and image sources absolute against baseUrl", () => {
    const html = contentOf('<a href="/economy/">l</a> <a href="rates?x=1">r</a> <img src="img/a.png">');
    expect(html).toContain('href="https://news.example/economy/"');
    expect(html).toContain('href="https://news.example/rates?x=1"');
    expect(html).toContain('src="https://news.example/img/a.png"');
  });

  it("keeps absolute links as they are", () => {
    expect(contentOf('<a href="https://other.example/p">o</a>')).toBe(
      '<a href="https://other.example/p">o</a>',
    );
  });
});

describe("normalisation of structured categories", () => {
  // Control characters are removed before categories are de-duplicated, so two labels that differ only by
  // one are the same category, and a label made only of them is no category at all.
  it("merges categories that differ only by a control character", () => {
    const article = expectOk(parseJson(fields({ categories: ["Markets\u0001", "Markets"] }), "x.json"));
    expect(article.categories).toEqual(["Markets"]);
  });

  it("drops a category made only of control characters", () => {
    const article = expectOk(parseJson(fields({ categories: ["\u0001\u0002", "Markets"] }), "x.json"));
    expect(article.categories).toEqual(["Markets"]);
  });
});

describe("update times", () => {
  it("ignores an update time in the future instead of pinning the feed's updated date to it", () => {
    const result = parseJsonArticle(
      "u.json",
      JSON.stringify({ title: "T", published: "2022-09-15T10:00:00Z", updated: "2099-01-01T00:00:00Z" }),
      parseContext(),
    );
    expect(result.ok && result.article.updated).toBe(undefined);
  });
});
