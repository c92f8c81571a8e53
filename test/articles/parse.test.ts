import { describe, expect, it } from "vitest";
import type { ParseResult } from "../../src/articles/article.js";
import { ARTICLE_EXTENSIONS, isArticleKey, parseArticle } from "../../src/articles/parse.js";
import { parseContext, scrapedText, utf8 } from "./factories.js";

function expectRejected(result: ParseResult): { key: string; reason: string } {
  if (result.ok) throw new Error(`expected a rejection, got article "${result.article.title}"`);
  return result.error;
}

function expectTitle(result: ParseResult): string {
  if (!result.ok) throw new Error(`expected an article, got rejection: ${result.error.reason}`);
  return result.article.title;
}

const PNG_HEADER = [
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
];

function utf16le(text: string, bom = true): Uint8Array {
  const bytes = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let at = 0;
  if (bom) {
    bytes[at++] = 0xff;
    bytes[at++] = 0xfe;
  }
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[at++] = unit & 0xff;
    bytes[at++] = unit >> 8;
  }
  return bytes;
}

function utf16be(text: string): Uint8Array {
  const le = utf16le(text, false);
  const bytes = new Uint8Array(2 + le.length);
  bytes[0] = 0xfe;
  bytes[1] = 0xff;
  for (let i = 0; i < le.length; i += 2) {
    bytes[2 + i] = le[i + 1] as number;
    bytes[3 + i] = le[i] as number;
  }
  return bytes;
}

const JSON_ARTICLE = JSON.stringify({ title: "JSON title", published: "2022-09-16T14:30:00" });
const MD_ARTICLE = "---\ntitle: MD title\npublished: 2022-09-14 19:00\n---\nBody\n";

describe("isArticleKey", () => {
  it("accepts the supported extensions, in any case and in folders", () => {
    for (const key of ["a.txt", "a.json", "a.md", "a.markdown", "A.TXT", "politics/2022/a.Md", "x.y.json"]) {
      expect(isArticleKey(key), key).toBe(true);
    }
  });

  it("rejects other files", () => {
    for (const key of [
      "a.png",
      "a.html",
      "README",
      "a.txt.bak",
      "a.txt/",
      "txt",
      "a.",
      "folder.txt/image.jpg",
    ]) {
      expect(isArticleKey(key), key).toBe(false);
    }
  });

  it("lists the extensions it dispatches on", () => {
    expect([...ARTICLE_EXTENSIONS].sort()).toEqual([".json", ".markdown", ".md", ".txt"]);
  });
});

describe("parseArticle dispatch", () => {
  it("dispatches on the extension", () => {
    expect(
      expectTitle(parseArticle("a.txt", utf8(scrapedText({ title: "Text title" })), parseContext())),
    ).toBe("Text title");
    expect(expectTitle(parseArticle("a.json", utf8(JSON_ARTICLE), parseContext()))).toBe("JSON title");
    expect(expectTitle(parseArticle("a.md", utf8(MD_ARTICLE), parseContext()))).toBe("MD title");
    expect(expectTitle(parseArticle("a.markdown", utf8(MD_ARTICLE), parseContext()))).toBe("MD title");
    expect(expectTitle(parseArticle("A.JSON", utf8(JSON_ARTICLE), parseContext()))).toBe("JSON title");
  });

  it("rejects an unsupported extension with the key and the supported list", () => {
    const error = expectRejected(parseArticle("photos/a.png", new Uint8Array(PNG_HEADER), parseContext()));
    expect(error.key).toBe("photos/a.png");
    expect(error.reason).toMatch(/unsupported/);
    expect(error.reason).toContain(".txt");
  });

  it("rejects a binary file saved as .txt (PNG header)", () => {
    const error = expectRejected(parseArticle("a.txt", new Uint8Array(PNG_HEADER), parseContext()));
    expect(error.key).toBe("a.txt");
    expect(error.reason).toMatch(/binary/);
  });

  it("decodes unmistakable ISO-8859-1 and Windows-1251 text, never publishing mojibake", () => {
    const latin1 = new Uint8Array([...utf8("15 / September / 2022 : 11-26\n\nCaf"), 0xe9, 0x0a, 0x42, 0x0a]);
    const french = parseArticle("a.txt", latin1, parseContext());
    expect(french.ok && french.article.title).toBe("Café");
    // "Привет мир" in Windows-1251.
    const cp1251 = new Uint8Array([
      ...utf8("15 / September / 2022 : 11-26\n\n"),
      0xcf,
      0xf0,
      0xe8,
      0xe2,
      0xe5,
      0xf2,
      0x20,
      0xec,
      0xe8,
      0xf0,
      0x0a,
      // A body line: a page with a title and no text is rejected as no article.
      ...utf8("Body.\n"),
    ]);
    const russian = parseArticle("b.txt", cp1251, parseContext());
    expect(russian.ok && russian.article.title).toBe("Привет мир");
  });

  it("rejects bytes that are neither UTF-8 nor recognisably a legacy encoding", () => {
    const mixed = new Uint8Array([
      ...utf8("15 / September / 2022 : 11-26\n\nA"),
      0xe9,
      0x81,
      0x0a,
      0x42,
      0x9d,
      0x0a,
    ]);
    const error = expectRejected(parseArticle("a.txt", mixed, parseContext()));
    expect(error.key).toBe("a.txt");
    expect(error.reason).toMatch(/UTF-8/);
  });

  it("rejects an overlong UTF-8 encoding and a lone surrogate encoded in UTF-8", () => {
    expect(
      expectRejected(parseArticle("a.txt", new Uint8Array([0xc0, 0xaf]), parseContext())).reason,
    ).toMatch(/UTF-8/);
    expect(
      expectRejected(parseArticle("a.txt", new Uint8Array([0xed, 0xa0, 0x80]), parseContext())).reason,
    ).toMatch(/UTF-8/);
  });

  it("decodes UTF-16LE with a byte order mark", () => {
    const title = "Ռուսերեն — Русский — 😀";
    expect(expectTitle(parseArticle("a.txt", utf16le(scrapedText({ title })), parseContext()))).toBe(title);
  });

  it("decodes UTF-16BE with a byte order mark", () => {
    expect(
      expectTitle(parseArticle("a.txt", utf16be(scrapedText({ title: "Big end" })), parseContext())),
    ).toBe("Big end");
  });

  it("rejects UTF-16 with an odd number of bytes", () => {
    const bytes = new Uint8Array([...utf16le(scrapedText()), 0x41]);
    expect(expectRejected(parseArticle("a.txt", bytes, parseContext())).reason).toMatch(/UTF-16/);
  });

  it("strips a UTF-8 byte order mark before parsing JSON", () => {
    expect(expectTitle(parseArticle("a.json", utf8(`\uFEFF${JSON_ARTICLE}`), parseContext()))).toBe(
      "JSON title",
    );
  });

  for (const [name, bytes] of [
    ["an empty file", new Uint8Array()],
    ["a whitespace-only file", utf8(" \n\t\r\n  \n")],
    ["a BOM and whitespace", utf8("\uFEFF  \n")],
    ["a UTF-16 BOM only", new Uint8Array([0xff, 0xfe])],
  ] as const) {
    for (const ext of [".txt", ".json", ".md"]) {
      it(`rejects ${name} (${ext}) as empty`, () => {
        const error = expectRejected(parseArticle(`a${ext}`, bytes, parseContext()));
        expect(error.key).toBe(`a${ext}`);
        expect(error.reason).toMatch(/empty/);
      });
    }
  }

  it("never throws, even when a parser would (a bad modifiedTime reaches the fallback)", () => {
    const ctx = parseContext({ fallbackToModifiedTime: true, modifiedTime: "not a time" });
    let result: ParseResult | undefined;
    expect(() => {
      result = parseArticle("a.txt", utf8(scrapedText({ date: null })), ctx);
    }).not.toThrow();
    expect(result?.ok).toBe(false);
    if (result && !result.ok) {
      expect(result.error.key).toBe("a.txt");
      expect(result.error.reason.length).toBeGreaterThan(0);
    }
  });

  it("does not mutate the context it is given", () => {
    const ctx = parseContext();
    const before = JSON.stringify(ctx);
    parseArticle("a.txt", utf8(scrapedText()), ctx);
    parseArticle("a.md", utf8(MD_ARTICLE), ctx);
    expect(JSON.stringify(ctx)).toBe(before);
  });
});
