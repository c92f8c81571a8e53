import type { ParseContext, ParseResult } from "./article.js";
import { decodeArticleBytes } from "./decode.js";
import { ARTICLE_EXTENSIONS } from "./formats.js";

/** A parser of one format: decoded text → Article or a rejection. */
export type TextParser = (key: string, text: string, ctx: ParseContext) => ParseResult;

export const unsupportedType = (key: string): ParseResult => ({
  ok: false,
  error: { key, reason: `unsupported file type (expected ${ARTICLE_EXTENSIONS.join(", ")})` },
});

/** Stored bytes → decoded text → `parser`. Never throws. */
export function parseBytesWith(
  parser: TextParser,
  key: string,
  bytes: Uint8Array,
  ctx: ParseContext,
): ParseResult {
  const decoded = decodeArticleBytes(bytes);
  if (!decoded.ok) return { ok: false, error: { key, reason: decoded.reason } };
  if (decoded.text.trim() === "") return { ok: false, error: { key, reason: "empty article (no text)" } };
  try {
    return parser(key, decoded.text, ctx);
  } catch (error) {
    // A parser bug must cost one article, not the run.
    return { ok: false, error: { key, reason: `could not be parsed: ${(error as Error).message}` } };
  }
}
