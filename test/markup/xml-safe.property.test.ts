import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml, stripXmlForbidden } from "../../src/markup/xml-safe.js";
import { anyCodePoint, isMojibakeControl, isXmlChar } from "../arbitraries.js";

// "Allowed" below means XML Char minus DEL and the C1 controls (U+007F–U+009F), which xml-safe.ts removes.

const codePoints = (text: string) => Array.from(text, (c) => c.codePointAt(0) as number);

/** Edge cases the uniform generator rarely hits. */
const edgeChar = fc.constantFrom(
  "\u0000",
  "\u0008",
  "\t",
  "\n",
  "\u000B",
  "\u000C",
  "\r",
  "\u001F",
  " ",
  "\u007F",
  "\u0085",
  "\u009F",
  "\u00A0",
  "\uD7FF",
  "\uD800",
  "\uDBFF",
  "\uDC00",
  "\uDFFF",
  "\uE000",
  "\uFFFD",
  "\uFFFE",
  "\uFFFF",
  "\u{10000}",
  "\u{10FFFF}",
  "😀",
  "&",
  "<",
  ">",
  '"',
  "'",
  "a",
);
const anyText = fc.string({
  unit: fc.oneof(anyCodePoint(), edgeChar, fc.string({ minLength: 1, maxLength: 1 })),
  maxLength: 60,
});

describe("stripXmlForbidden", () => {
  it("never outputs a character outside the XML 1.0 Char production", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = stripXmlForbidden(text);
        const bad = codePoints(out).filter((cp) => !isXmlChar(cp));
        expect(bad).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it("removes exactly the forbidden characters and keeps every other one, in order", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const expected = Array.from(text)
          .filter((c) => {
            const cp = c.codePointAt(0) as number;
            return isXmlChar(cp) && !isMojibakeControl(cp);
          })
          .join("");
        expect(stripXmlForbidden(text)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps text made only of allowed non-control characters unchanged", () => {
    const allowed = fc
      .oneof(
        fc.integer({ min: 0x20, max: 0x7e }),
        fc.integer({ min: 0xa0, max: 0xd7ff }),
        fc.integer({ min: 0xe000, max: 0xfffd }),
        fc.integer({ min: 0x10000, max: 0x10ffff }),
      )
      .map((cp) => String.fromCodePoint(cp));
    fc.assert(
      fc.property(fc.string({ unit: allowed, maxLength: 80 }), (text) => {
        expect(stripXmlForbidden(text)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = stripXmlForbidden(text);
        expect(stripXmlForbidden(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("escapeHtml", () => {
  const ENTITY = /^&(?:amp|lt|gt|quot|#39);/;

  it("never outputs <, > or a raw & that does not start an entity", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = escapeHtml(text);
        expect(out).not.toMatch(/[<>]/);
        for (let i = out.indexOf("&"); i >= 0; i = out.indexOf("&", i + 1)) {
          expect(out.slice(i)).toMatch(ENTITY);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("never outputs a quote, so the result is safe in either kind of attribute", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(escapeHtml(text)).not.toMatch(/["']/);
      }),
      { numRuns: 1000 },
    );
  });

  it("round-trips: decoding the five entities gives the input back", () => {
    const decode = (html: string) =>
      html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) =>
        name === "amp" ? "&" : name === "lt" ? "<" : name === "gt" ? ">" : name === "quot" ? '"' : "'",
      );
    fc.assert(
      fc.property(anyText, (text) => {
        expect(decode(escapeHtml(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});
