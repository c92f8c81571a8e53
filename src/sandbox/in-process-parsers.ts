import type { ParseContext, ParseResult } from "../articles/article.js";
import { formatOf } from "../articles/formats.js";
import { parseBytesWith, unsupportedType } from "../articles/parse-bytes.js";
import { parseJsonArticle } from "../articles/parse-json.js";
import { parseTextArticle } from "../articles/parse-text.js";

/** The parsers that run in the publishing process (linear-time ones); imported on first use. */
export function parseInProcess(key: string, bytes: Uint8Array, ctx: ParseContext): ParseResult {
  switch (formatOf(key)) {
    case "text":
      return parseBytesWith(parseTextArticle, key, bytes, ctx);
    case "json":
      return parseBytesWith(parseJsonArticle, key, bytes, ctx);
    default:
      return unsupportedType(key);
  }
}
