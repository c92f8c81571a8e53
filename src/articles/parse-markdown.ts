import { Marked } from "marked";
import { parseDocument } from "yaml";
import type { ParseContext, ParseResult } from "./article.js";
import { articleFromFields } from "./structured.js";
import { normalizeText } from "./text.js";

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/** One Marked instance: GitHub-flavoured Markdown, raw HTML allowed through (it is sanitised afterwards). */
const markdown = new Marked({ gfm: true, async: false });

/**
 * A `.md` article: YAML front matter with the fields of `structuredArticleSchema`, then a Markdown body.
 * Without a `title` in the front matter the first `# heading` is the title. The YAML is read with the
 * core schema, no custom tags and a small alias budget, so "billion laughs" and `!!js/function` tricks
 * are rejected instead of expanded.
 */
export function parseMarkdownArticle(key: string, text: string, ctx: ParseContext): ParseResult {
  const reject = (reason: string): ParseResult => ({ ok: false, error: { key, reason } });
  const normalized = normalizeText(text);
  const match = FRONT_MATTER.exec(normalized);
  if (!match) return reject("no YAML front matter (a --- block with at least title and published)");
  const doc = parseDocument(match[1] ?? "", {
    schema: "core",
    customTags: [],
    uniqueKeys: true,
    prettyErrors: false,
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) return reject(`front matter is not valid YAML: ${problem.message.split("\n")[0]}`);
  let fields: unknown;
  try {
    fields = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return reject(`front matter rejected: ${(error as Error).message.split("\n")[0]}`);
  }
  if (typeof fields !== "object" || fields === null || Array.isArray(fields))
    return reject("front matter must be a mapping of fields");

  const record = fields as Record<string, unknown>;
  // Lexing first finds the title heading the way Markdown sees it (a `#` line in a code block is code).
  const tokens = markdown.lexer(normalized.slice(match[0].length));
  if (record.title === undefined) {
    const index = tokens.findIndex((token) => token.type === "heading" && token.depth === 1);
    const heading = tokens[index];
    if (heading?.type === "heading") {
      // The heading's inline Markdown (`*x*`, links) rendered, then read as text like any structured title.
      record.title = markdown.parseInline(heading.text) as string;
      tokens.splice(index, 1);
    }
  }
  const html = markdown.parser(tokens);
  return articleFromFields(key, record, ctx, html);
}
