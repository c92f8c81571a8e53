// Character-level fast-check arbitraries shared by the property tests, and the oracle they are checked
// against (written from the spec, never from the implementation's helpers).
import fc from "fast-check";

// XML 1.0 (Fifth Edition) §2.2, production [2]:
// Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
// Written over code points (not the implementation's UTF-16 regex), so a lone surrogate is its own code point.
export const isXmlChar = (cp: number) =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

// DEL and the C1 controls are allowed by XML but removed on purpose (xml-safe.ts: in scraped text they are
// always mojibake).
export const isMojibakeControl = (cp: number) => cp >= 0x7f && cp <= 0x9f;

/** Any code point as a string, including lone surrogates, C0/C1 controls and noncharacters, minus `except`. */
export const anyCodePoint = (except: ReadonlySet<number> = new Set()) =>
  fc
    .integer({ min: 0, max: 0x10ffff })
    .filter((cp) => !except.has(cp))
    .map((cp) => String.fromCodePoint(cp));
