import type { ParseContext, ParseResult } from "./article.js";
import { type ArticleFormat, formatOf } from "./formats.js";
import { parseBytesWith, type TextParser, unsupportedType } from "./parse-bytes.js";
import { parseJsonArticle } from "./parse-json.js";
import { parseMarkdownArticle } from "./parse-markdown.js";
import { parseTextArticle } from "./parse-text.js";

export { ARTICLE_EXTENSIONS, isArticleKey } from "./formats.js";

const PARSERS: Readonly<Record<ArticleFormat, TextParser>> = {
  text: parseTextArticle,
  json: parseJsonArticle,
  markdown: parseMarkdownArticle,
};

/**
 * Stored bytes → Article or a rejection with the key and a reason. Never throws. Pure and unbounded: a
 * run parses Markdown through src/sandbox/ instead, under a time and memory budget.
 */
export function parseArticle(key: string, bytes: Uint8Array, ctx: ParseContext): ParseResult {
  const format = formatOf(key);
  return format ? parseBytesWith(PARSERS[format], key, bytes, ctx) : unsupportedType(key);
}
