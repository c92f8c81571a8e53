import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeArticleBytes } from "../../src/articles/decode.js";

// SAMPLE text written for this test (not a real article): Polish and Russian sentences, so the file is full
// of valid multi-byte UTF-8 characters.
const SAMPLE = [
  "15 / września / 2022 : 11-26",
  "",
  "Przykładowy artykuł: zażółć gęślą jaźń (SAMPLE, nie prawdziwa wiadomość)",
  "",
  "Sąd uznał, że wszystko odbyło się zgodnie z prawem. Пример текста на русском языке для проверки.",
].join("\n");
const encoder = new TextEncoder();

/** The sample, padded to `size` bytes with ASCII, with the second byte of its first "ł" (C5 82) removed. */
function withCutCharacter(size = 4000): Uint8Array {
  const bytes = encoder.encode(`${SAMPLE}\n\n${"Lorem ipsum dolor sit amet. ".repeat(size / 28)}`);
  const at = bytes.indexOf(0x82, bytes.indexOf(0xc5));
  return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1)]);
}

describe("UTF-8 with a character cut in two", () => {
  it("is decoded, with U+FFFD where the broken sequence was and every other character intact", () => {
    const decoded = decodeArticleBytes(withCutCharacter());
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.encoding).toMatch(/^utf-8/);
    expect([...decoded.text].filter((c) => c === "\uFFFD")).toHaveLength(1);
    expect(decoded.text).toContain("Przyk\uFFFDadowy");
    expect(decoded.text).toContain("zażółć gęślą jaźń");
    expect(decoded.text).toContain("Пример текста");
  });

  it("keeps a U+FFFD the file itself encodes, and does not count it as damage", () => {
    const decoded = decodeArticleBytes(encoder.encode(`${SAMPLE} \uFFFD`));
    expect(decoded.ok && decoded.encoding).toBe("utf-8");
  });

  it("is still rejected when broken sequences are frequent or nothing else is multi-byte", () => {
    // Two bytes of a short ASCII page that are not UTF-8 at all: no evidence the file is UTF-8.
    const ascii = encoder.encode(`15 / September / 2022 : 11-26\n\nBroken bytes\n\n${"text ".repeat(400)}`);
    const broken = Uint8Array.from([...ascii, 0xe9, 0x81]);
    expect(decodeArticleBytes(broken).ok).toBe(false);
    // Many cut characters in a short text: damaged beyond a stray byte.
    const many = encoder.encode(SAMPLE).filter((byte, i, all) => !(byte === 0x82 && all[i - 1] === 0xc5));
    expect(decodeArticleBytes(Uint8Array.from([...many, 0xc5, 0x20, 0xc5, 0x20, 0xc5])).ok).toBe(false);
  });

  it("is still rejected when a whole word is in another encoding (a Windows-1251 title above a UTF-8 body)", () => {
    // "Новости дня" in Windows-1251, then the UTF-8 sample: each Cyrillic byte would become U+FFFD.
    const title = [0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8, 0x20, 0xe4, 0xed, 0xff, 0x0a, 0x0a];
    const body = encoder.encode(Array.from({ length: 8 }, () => SAMPLE).join("\n"));
    expect(decodeArticleBytes(Uint8Array.from([...title, ...body])).ok).toBe(false);
  });

  it("Windows-1252 and Windows-1251 text is still decoded as such, not as damaged UTF-8", () => {
    const cp1252 = Uint8Array.from([
      ...encoder.encode("Le caf"),
      0xe9,
      ...encoder.encode(" est ouvert. ".repeat(50)),
    ]);
    const latin = decodeArticleBytes(cp1252);
    expect(latin.ok && latin.text.startsWith("Le café")).toBe(true);
    // "Привет мир" in Windows-1251, repeated: every Cyrillic byte fails as UTF-8.
    const word = [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x20, 0xec, 0xe8, 0xf0, 0x2e, 0x20];
    const cp1251 = decodeArticleBytes(Uint8Array.from(Array.from({ length: 60 }, () => word).flat()));
    expect(cp1251.ok && cp1251.encoding).toBe("windows-1251");
  });

  it("any text with many multi-byte characters survives one cut character (property)", () => {
    const letters = fc.constantFrom(..."ąćęłńóśźżАБВГДабвгдеёжзäöüßéèàç");
    const text = fc.array(fc.oneof(letters, fc.constantFrom(" ", "a", "b", ".")), {
      minLength: 400,
      maxLength: 1500,
    });
    fc.assert(
      fc.property(text, fc.nat(), (chars, pick) => {
        const bytes = encoder.encode(chars.join(""));
        const leads = [...bytes.keys()].filter((i) => (bytes[i] as number) >= 0xc2);
        fc.pre(leads.length >= 60);
        const at = leads[pick % leads.length] as number;
        const cut = Uint8Array.from([...bytes.subarray(0, at + 1), ...bytes.subarray(at + 2)]);
        const decoded = decodeArticleBytes(cut);
        return decoded.ok && decoded.text === new TextDecoder().decode(cut);
      }),
      { numRuns: 200 },
    );
  });
});
