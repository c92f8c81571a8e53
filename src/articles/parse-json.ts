import type { ParseContext, ParseResult } from "./article.js";
import { articleFromFields } from "./structured.js";

/** A `.json` article: one object with the fields of `structuredArticleSchema`. */
export function parseJsonArticle(key: string, text: string, ctx: ParseContext): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: { key, reason: `not valid JSON: ${(error as Error).message}` } };
  }
  return articleFromFields(key, raw, ctx);
}
