import type { ParseContext, ParseResult } from "./article.js";
import { decodeArticleBytes } from "./decode.js";
import { parseJsonArticle } from "./parse-json.js";
import { parseMarkdownArticle } from "./parse-markdown.js";
import { parseTextArticle } from "./parse-text.js";

const PARSERS = {
  ".txt": parseTextArticle,
  ".json": parseJsonArticle,
  ".md": parseMarkdownArticle,
  ".markdown": parseMarkdownArticle,
} as const;

export const ARTICLE_EXTENSIONS = Object.keys(PARSERS);

const extensionOf = (key: string) => /\.[^./]+$/.exec(key)?.[0].toLowerCase() ?? "";

/** Whether a key names an article this tool reads (others, e.g. images next to articles, are ignored). */
export function isArticleKey(key: string): boolean {
  return extensionOf(key) in PARSERS;
}

/** Stored bytes → Article or a rejection with the key and a reason. Never throws. */
export function parseArticle(key: string, bytes: Uint8Array, ctx: ParseContext): ParseResult {
  const parser = PARSERS[extensionOf(key) as keyof typeof PARSERS];
  if (!parser)
    return {
      ok: false,
      error: { key, reason: `unsupported file type (expected ${ARTICLE_EXTENSIONS.join(", ")})` },
    };
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
