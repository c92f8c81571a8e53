/**
 * Bytes of a stored article to text. UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded as they
 * are; UTF-8 with a rare broken sequence (a character cut in two) is decoded with U+FFFD there. Text that is
 * not valid UTF-8 is decoded as Windows-1251, Windows-1252 (ISO-8859-1), Windows-1254 or (Hungarian only)
 * Windows-1250 only when the bytes are unmistakably one of them; anything else is rejected rather than
 * published as mojibake. Binary files (images saved as .txt) are recognised by their signature or by a high
 * share of control bytes.
 */
export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

const SIGNATURES: [string, number[]][] = [
  ["PNG image", [0x89, 0x50, 0x4e, 0x47]],
  ["JPEG image", [0xff, 0xd8, 0xff]],
  ["GIF image", [0x47, 0x49, 0x46, 0x38]],
  ["PDF document", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["ZIP archive", [0x50, 0x4b, 0x03, 0x04]],
  ["gzip archive", [0x1f, 0x8b]],
];

export function decodeArticleBytes(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return strict("utf-16le", bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return strict("utf-16be", bytes.subarray(2));
  for (const [what, signature] of SIGNATURES)
    if (signature.every((byte, i) => bytes[i] === byte))
      return { ok: false, reason: `binary file (${what}), not a text article` };
  const head = bytes.subarray(0, 8192);
  let controls = 0;
  for (const byte of head)
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) controls++;
  if (head.length > 0 && controls / head.length > 0.1)
    return {
      ok: false,
      reason: "binary file (mostly control bytes) or UTF-16 without a BOM; save the article as UTF-8",
    };

  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const utf8 = strict("utf-8", bytes.subarray(start));
  if (utf8.ok) return utf8;
  return damagedUtf8(bytes.subarray(start)) ?? legacy(bytes.subarray(start)) ?? utf8;
}

/**
 * UTF-8 with a few broken sequences: a scraper or `lynx -dump` that wraps lines by bytes cuts a character in
 * two now and then (a real Polish page in test/fixtures/holdout/ has one such byte in a teaser far below its
 * article). Rejecting the whole page for that loses the article; the broken sequence becomes U+FFFD, which
 * shows the damage where it is. Only when the rest is plainly UTF-8: at least 20 valid multi-byte characters
 * per broken sequence, and at most 16 of those. Text in a legacy encoding breaks at nearly every non-ASCII
 * byte and forms valid multi-byte characters only by chance, so it still goes to `legacy` (or is rejected).
 */
const MAX_BROKEN_SEQUENCES = 16;
const VALID_PER_BROKEN = 20;

function damagedUtf8(bytes: Uint8Array): Decoded | undefined {
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  let replacements = 0;
  let multibyte = 0;
  for (const char of text) {
    if (char === "\uFFFD") replacements++;
    else if (char.charCodeAt(0) > 0x7f) multibyte++;
  }
  // A U+FFFD the file itself encodes (EF BF BD) is text, not damage.
  let encodedReplacements = 0;
  for (let i = bytes.indexOf(0xef); i >= 0; i = bytes.indexOf(0xef, i + 1))
    if (bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) encodedReplacements++;
  const broken = replacements - encodedReplacements;
  // A cut character leaves at most three replacement characters in a row; a longer run is a word in another
  // encoding (a Windows-1251 title above a UTF-8 body), which would be published as `�������`.
  if (text.includes("\uFFFD\uFFFD\uFFFD\uFFFD")) return undefined;
  const plainlyUtf8 = broken > 0 && broken <= MAX_BROKEN_SEQUENCES && multibyte >= VALID_PER_BROKEN * broken;
  return plainlyUtf8
    ? { ok: true, encoding: `utf-8 (${broken} broken sequence${broken === 1 ? "" : "s"} replaced)`, text }
    : undefined;
}

function strict(encoding: string, bytes: Uint8Array): Decoded {
  try {
    return {
      ok: true,
      encoding,
      text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes),
    };
  } catch {
    return { ok: false, reason: `not valid ${encoding.toUpperCase()} text; save the article as UTF-8` };
  }
}

const CP1252_PUNCTUATION: ReadonlySet<number> = new Set([
  0x80, 0x82, 0x84, 0x85, 0x86, 0x87, 0x8b, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x99, 0x9b,
]);
/** Every character Windows-1252 assigns in 0x80–0x9F, letters too (œ, Š, ž…), by byte. */
const CP1252_CHARS: Readonly<Record<number, string>> = {
  128: "€",
  130: "‚",
  131: "ƒ",
  132: "„",
  133: "…",
  134: "†",
  135: "‡",
  136: "ˆ",
  137: "‰",
  138: "Š",
  139: "‹",
  140: "Œ",
  142: "Ž",
  145: "‘",
  146: "’",
  147: "“",
  148: "”",
  149: "•",
  150: "–",
  151: "—",
  152: "˜",
  153: "™",
  154: "š",
  155: "›",
  156: "œ",
  158: "ž",
  159: "Ÿ",
};
/**
 * Those bytes. Only the punctuation counts as Western evidence above: š, ž, Š, Ž, œ, Ÿ share their bytes
 * with Central European letters of Windows-1250.
 */
const CP1252_EXTRAS: ReadonlySet<number> = new Set(Object.keys(CP1252_CHARS).map(Number));

/**
 * Guesses the legacy encoding of text that is not UTF-8. Cyrillic Windows-1251 text has its high bytes in
 * runs (whole words: 0xC0–0xFF are А–я) and must read as Cyrillic prose; Western text has accented letters
 * alone or in pairs between ASCII letters, and is then told apart from Turkish (Windows-1254), Hungarian
 * (Windows-1250) and other Central European text (rejected). Anything that fits no pattern cleanly is left
 * undecoded (and rejected by the caller) rather than published as mojibake.
 */
function legacy(bytes: Uint8Array): Decoded | undefined {
  let high = 0;
  let highInRuns = 0;
  let highInLongRuns = 0;
  let cyrillicLetters = 0;
  let westernLetters = 0;
  let cp1252Extras = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte < 0x80) continue;
    high++;
    if (byte >= 0xc0 || byte === 0xa8 || byte === 0xb8) cyrillicLetters++;
    if ((byte >= 0xc0 && byte !== 0xd7 && byte !== 0xf7) || CP1252_PUNCTUATION.has(byte)) westernLetters++;
    if (CP1252_EXTRAS.has(byte)) cp1252Extras++;
    const prev = bytes[i - 1] ?? 0;
    const next = bytes[i + 1] ?? 0;
    if (prev >= 0x80 || next >= 0x80) highInRuns++;
    // Three or more in a row: Latin scripts put at most two accented letters side by side (`ção`, `ções`).
    if (
      (prev >= 0x80 && next >= 0x80) ||
      (prev >= 0x80 && (bytes[i - 2] ?? 0) >= 0x80) ||
      (next >= 0x80 && (bytes[i + 2] ?? 0) >= 0x80)
    )
      highInLongRuns++;
  }
  if (high === 0) return undefined;
  if (highInRuns / high > 0.8 && cyrillicLetters / high > 0.8) {
    const text = decodeWindows1251(bytes);
    return looksCyrillic(text) ? { ok: true, encoding: "windows-1251", text } : undefined;
  }
  // Windows-1252 is ISO-8859-1 plus typographic punctuation and a few letters in 0x80–0x9F (`—`, `’`, `…`,
  // `œ`, `Š`), which Western scrapers' text is full of; in real ISO-8859-1 text those bytes are C1
  // controls and never appear.
  if (highInLongRuns / high < 0.5 && westernLetters / high > 0.8) {
    if (looksCentralEuropean(bytes)) return undefined;
    if (isTurkish(bytes)) return { ok: true, encoding: "windows-1254", text: decodeWindows1254(bytes) };
    if (isHungarian(bytes)) return { ok: true, encoding: "windows-1250", text: decodeWindows1250(bytes) };
    return cp1252Extras > 0
      ? { ok: true, encoding: "windows-1252", text: decodeWindows1252(bytes) }
      : { ok: true, encoding: "iso-8859-1", text: decodeLatin1(bytes) };
  }
  return undefined;
}

/**
 * Other single-byte encodings put letters in the same byte range as Windows-1251: Greek (Windows-1253)
 * and KOI8-R/U text read as Windows-1251 is Cyrillic mojibake. In Russian, Ukrainian, Bulgarian or Serbian
 * prose a fifth or more of the letters are а, е, и, о (about a third in Russian), capitals included, so an
 * all-caps headline or menu counts too; Greek read as Windows-1251 has about a tenth, KOI8 about 15% (its
 * е, н, х land on Windows-1251's Е, О, И).
 */
function looksCyrillic(text: string): boolean {
  let letters = 0;
  let vowels = 0;
  for (const char of text) {
    if ((char >= "а" && char <= "я") || (char >= "А" && char <= "Я")) {
      letters++;
      if ("аеиоАЕИО".includes(char)) vowels++;
    }
  }
  return letters > 0 && vowels >= 0.2 * letters;
}

/**
 * Czech, Slovak and Polish in Windows-1250 or ISO-8859-2 pass the Western test above, and read as
 * Windows-1252 they are mojibake (`Městská` → `Mìstská`, `ľad` → `¾ad`). We decode neither (telling the
 * two apart needs more than a byte test), so such text is rejected, as the module's promise says. One
 * sign is enough, since none occurs in Western prose: a byte Windows-1252 prints as a symbol (`¾`, `³`,
 * `¹`, `±`, `¶`…) between two letters or opening a lowercase word, where only a Central European letter
 * stands; or `ì`/`ù` inside a word, which Italian and French write only at a word's end and Czech (as
 * `ě`, `ů`) anywhere.
 */
const CE_LETTER_AS_SYMBOL: ReadonlySet<number> = new Set([
  0x8d, 0x8f, 0x9d, 0xa5, 0xa6, 0xaa, 0xac, 0xaf, 0xb1, 0xb3, 0xb6, 0xb9, 0xba, 0xbc, 0xbe,
]);
// `£`/`¿` (Windows-1250 `Ł`/`ż`) open words in Western text (`£bn`, `¿Qué`): evidence only inside a word.
const SYMBOL_INSIDE_WORD: ReadonlySet<number> = new Set([0xa3, 0xbf]);

function looksCentralEuropean(bytes: Uint8Array): boolean {
  const isLetter = (b: number | undefined) =>
    b !== undefined &&
    ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0xc0 && b !== 0xd7 && b !== 0xf7));
  const isLower = (b: number | undefined) => b !== undefined && ((b >= 0x61 && b <= 0x7a) || b >= 0xdf);
  for (let i = 0; i < bytes.length - 1; i++) {
    const byte = bytes[i] as number;
    const before = isLetter(bytes[i - 1]);
    const inside = before && isLetter(bytes[i + 1]);
    if (CE_LETTER_AS_SYMBOL.has(byte) && (inside || (!before && isLower(bytes[i + 1])))) return true;
    if ((SYMBOL_INSIDE_WORD.has(byte) || byte === 0xec || byte === 0xf9) && inside) return true;
  }
  return false;
}

/**
 * Windows-1254 (Turkish) is Windows-1252 with six letters swapped: ğ ı ş Ğ İ Ş where Windows-1252 has the
 * Icelandic ð ý þ Ð Ý Þ. `ı` (0xFD) is the commonest non-ASCII letter of Turkish (about 5% of letters) and
 * rare in Icelandic, where `ð` (0xF0, Turkish `ğ`) is far commoner: the more frequent of the two decides.
 */
function isTurkish(bytes: Uint8Array): boolean {
  let dotlessI = 0;
  let eth = 0;
  let notTurkish = 0;
  for (const byte of bytes) {
    if (byte === 0xfd || byte === 0xdd) dotlessI++;
    else if (byte === 0xf0 || byte === 0xd0) eth++;
    // á í ó ú æ: Icelandic letters Turkish does not write (a foreign name may bring one or two).
    else if (byte === 0xe1 || byte === 0xed || byte === 0xf3 || byte === 0xfa || byte === 0xe6) notTurkish++;
  }
  return dotlessI >= 3 && dotlessI > eth && notTurkish * 4 < dotlessI;
}

/**
 * Hungarian in Windows-1250 or ISO-8859-2 (its letters sit at the same bytes in both) passes the Western
 * test, and read as Windows-1252 its ő and ű become õ and û (`jövõ`, `elsõ`). Portuguese writes õ only
 * before e (`ações`, `põe`); Estonian writes õ anywhere but also ä, which Hungarian lacks. So: õ not
 * followed by e, twice or more, and ä rare beside it.
 */
function isHungarian(bytes: Uint8Array): boolean {
  let oDoubleAcute = 0;
  let aUmlaut = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    const next = bytes[i + 1];
    if ((byte === 0xf5 || byte === 0xd5) && next !== 0x65 && next !== 0x45) oDoubleAcute++;
    else if (byte === 0xe4 || byte === 0xc4) aUmlaut++;
  }
  return oDoubleAcute >= 2 && aUmlaut * 4 <= oDoubleAcute;
}

/** Windows-1250 through ICU (Hungarian only: see isHungarian). */
export function decodeWindows1250(bytes: Uint8Array): string {
  return new TextDecoder("windows-1250").decode(bytes);
}

/** Windows-1254 through ICU: a WHATWG encoding of its own, decoded the same by every Node with full ICU. */
export function decodeWindows1254(bytes: Uint8Array): string {
  return new TextDecoder("windows-1254").decode(bytes);
}

// Node's own decoders instead of iconv-lite, which was a fifth of the Lambda bundle and part of every cold
// start (issue 8). test/articles/decode.property.test.ts checks they agree with iconv-lite byte for byte.

/**
 * Windows-1251 through ICU (Node and Lambda's Node 24 ship full ICU). The only difference from iconv-lite:
 * byte 0x98, unassigned in Windows-1251, is U+0098 in the WHATWG index ICU follows and U+FFFD in
 * iconv-lite; the C1 control is removed later like any other (src/markup/xml-safe.ts), so it never shows.
 */
export function decodeWindows1251(bytes: Uint8Array): string {
  return new TextDecoder("windows-1251").decode(bytes);
}

/**
 * ISO-8859-1 proper: every byte is the code point of the same number. Not `TextDecoder("iso-8859-1")`: the
 * WHATWG label means windows-1252, and Node decodes it differently across versions (as Latin-1 since
 * 20.18.3/22.13.0, https://github.com/nodejs/node/issues/60888), so output would depend on the runtime.
 * Buffer's `latin1` is the same byte-to-code-point mapping in every version.
 */
/**
 * Windows-1252: Latin-1 with the punctuation and letters of 0x80–0x9F mapped by hand (every byte
 * Windows-1252 assigns there: CP1252_EXTRAS), for the same reason as decodeLatin1: the runtime's label
 * handling varies. (It once mapped only the punctuation, and French `cœur` lost its `œ`.)
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return decodeLatin1(bytes).replace(/[\u0080-\u009f]/gu, (c) => CP1252_CHARS[c.charCodeAt(0)] ?? c);
}

export function decodeLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}
