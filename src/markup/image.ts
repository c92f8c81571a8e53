import { escapeHtml } from "./xml-safe.js";

/**
 * An article's image (known only as a URL) as a paragraph above its body, where every feed reader and
 * browser shows it. `alt` is the title in feeds (readers that hide images show it instead) and empty on
 * the article page, where the title is the heading right above.
 */
export function imageParagraph(src: string, alt: string): string {
  return `<p><img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"></p>\n`;
}
