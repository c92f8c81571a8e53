import { Parser } from "htmlparser2";
import { escapeHtml } from "../markup/xml-safe.js";

const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;

/**
 * Whether a body fits `maxBytes` without counting its bytes: a UTF-16 code unit is at most 3 bytes of
 * UTF-8, so most bodies are settled by their length alone.
 */
export const surelyFits = (html: string, maxBytes: number): boolean => html.length * 3 <= maxBytes;

/**
 * An article body as a feed item carries it: whole when it fits in `maxBytes` (UTF-8), else cut after the
 * last top-level block (paragraph, list, table…) that fits, followed by a link to the full article page.
 * Cutting between top-level elements of sanitised HTML leaves every tag closed, so the markup stays valid.
 * Why: 50 items of a 1 MiB article would make a 50 MB feed that readers refuse or time out on; the article
 * page keeps the full text.
 */
export function feedContentHtml(html: string, maxBytes: number, pageUrl: string): string {
  if (surelyFits(html, maxBytes) || utf8Length(html) <= maxBytes) return html;
  const more = `<p><a href="${escapeHtml(pageUrl)}">Read the full article</a></p>`;
  const budget = maxBytes - utf8Length(more) - 1;
  let depth = 0;
  let cut = 0;
  let used = 0;
  let full = false;
  const boundary = (end: number) => {
    if (full) return;
    const size = utf8Length(html.slice(cut, end));
    if (used + size > budget) full = true;
    else {
      used += size;
      cut = end;
    }
  };
  const parser: Parser = new Parser(
    {
      onopentag: () => {
        depth++;
      },
      onclosetag: () => {
        depth--;
        if (depth === 0) boundary(parser.endIndex + 1);
      },
      ontext: () => {
        if (depth === 0) boundary(parser.endIndex + 1);
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  const kept = html.slice(0, cut).trimEnd();
  return kept ? `${kept}\n${more}` : more;
}
