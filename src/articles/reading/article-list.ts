import type { Item } from "./item.js";

// The bullets a text dump prints before a list item (as line-roles.ts reads a list item).
const BULLET = /^([*+•·▪‣◦]|\d+\.)\s+/u;

/**
 * A bulleted item that is the article's own text, not a headline of a list of other articles: it ends a
 * sentence (a full stop, not a teaser's ellipsis) and is long enough to be one, or it ends with `;`/`,`
 * (one part of a sentence split into items). Headlines and menu entries end without punctuation.
 */
function isSentenceItem(text: string): boolean {
  if (!BULLET.test(text)) return false;
  const body = text.replace(BULLET, "");
  if (/(\.\.\.|…)$/u.test(body)) return false;
  if (/[;,]$/u.test(body)) return true;
  return /[.!?»"”]$/u.test(body) && Array.from(body).length >= 60 && body.split(/\s+/u).length >= 8;
}

/**
 * The end (exclusive) of a bulleted list of the article's own text starting at `from`: every item of the
 * run reads as a sentence, and a list of headlines mixed in makes the whole run a list of other articles.
 * `from` itself when no such list starts there. An introducing line ending with a colon may stand first.
 */
export function articleListEnd(items: readonly Item[], from: number): number {
  let k = from;
  const first = items[k];
  if (first && !BULLET.test(first.text) && /[:：]$/u.test(first.text) && !first.cruft) k++;
  const start = k;
  while (k < items.length) {
    const item = items[k] as Item;
    if (item.role !== undefined || item.cruft || item.furniture || item.date || !BULLET.test(item.text))
      break;
    if (!isSentenceItem(item.text)) return from;
    k++;
  }
  return k > start ? k : from;
}

/** A list item's text without its bullet (`* text` → `text`); other lines unchanged. */
export function withoutBullet(text: string): string {
  return text.replace(BULLET, "");
}
