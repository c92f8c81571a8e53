/**
 * Bytes of a stored article to text. UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded; a file
 * that is not valid UTF-8 is rejected rather than published as mojibake. A file with NUL bytes in its first
 * kilobytes is binary (an image saved as .txt) and rejected.
 */
export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

export function decodeArticleBytes(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith("utf-16le", bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith("utf-16be", bytes.subarray(2));
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { ok: false, reason: "binary file (contains NUL bytes), not a text article" };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return decodeWith("utf-8", bytes.subarray(start));
}

function decodeWith(encoding: string, bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: `not valid ${encoding.toUpperCase()} text (save the article as UTF-8)` };
  }
}
