import { articleListEnd, withoutBullet } from "./article-list.js";
import { trimTrailingBios } from "./author-bio.js";
import { gluedTrailerAt } from "./furniture.js";
import { type Item, LINK_RUN, mark, SENTENCE_END } from "./item.js";
import type { ReadOptions } from "./line-roles.js";

export interface Body {
  paragraphs: string[];
}

// Long on purpose: one walk from the first paragraph to the trailer, where each line's verdict depends on
// the lines before it (a cruft match before the body started must not end it).
/**
 * From the first line of the body on: furniture lines are dropped; the body ends at the trailer (a cruft
 * line, a copyright line, a run of short link-like lines with no prose right after it). Trailing
 * one- or two-word lines without sentence punctuation (a signature, `AP`) are not paragraphs.
 */
export function collectBody(items: Item[], start: number, options: ReadOptions): Body {
  // Skip furniture before the first real paragraph (a cruft match there never ends the body).
  let i = start;
  while (i < items.length) {
    const item = items[i] as Item;
    if (item.role !== undefined) {
      i++;
      continue;
    }
    if (item.date) {
      mark(item, "date", `${item.date.rule}, between the head and the body`);
    } else if (item.cruft || item.furniture) {
      mark(item, "furniture", item.furniture ?? "cruft pattern before the body (does not end it)");
    } else break;
    i++;
  }
  const body: Item[] = [];
  const cutText = new Map<Item, string>();
  let ended = false;
  for (; i < items.length && !ended; i++) {
    const item = items[i] as Item;
    if (item.role !== undefined) continue;
    if (item.cruft) {
      mark(item, "furniture", "cruft pattern: end of the article");
      ended = true;
      break;
    }
    const list = body.length > 0 ? articleListEnd(items, i) : i;
    if (list > i) {
      for (let k = i; k < list; k++) {
        body.push(items[k] as Item);
        mark(items[k] as Item, "body", "paragraph (a list of the article's own sentences)");
      }
      i = list - 1;
      continue;
    }
    if (item.linkish && !item.furniture && !item.date && body.length > 0) {
      let run = 0;
      while (i + run < items.length && (items[i + run] as Item).linkish && !(items[i + run] as Item).cruft)
        run++;
      const resumes = [1, 2].some((k) => (items[i + run + k - 1] as Item | undefined)?.prose);
      if (run >= LINK_RUN && !resumes) {
        for (let k = 0; k < run; k++)
          mark(items[i + k] as Item, "furniture", "run of short link-like lines: end of the article");
        ended = true;
        break;
      }
    }
    if (item.date || item.timeOnly) {
      mark(item, "furniture", `${item.date?.rule ?? "time"} inside the body`);
      continue;
    }
    if (item.furniture) {
      mark(item, "furniture", item.furniture);
      continue;
    }
    body.push(item);
    mark(item, "body", body.length === 1 ? "first paragraph" : "paragraph");
    const cut = gluedTrailerAt(item.text);
    if (cut !== undefined) {
      cutText.set(item, item.text.slice(0, cut).trim());
      item.rule = "last paragraph (the 'read the whole article' prompt glued to it is cut)";
      ended = true;
    }
  }
  // Whatever is below the end is the page's trailer.
  for (; i < items.length; i++) {
    const item = items[i] as Item;
    if (item.role === undefined)
      mark(
        item,
        item.date ? "date" : "furniture",
        item.date ? `${item.date.rule}, after the article` : "after the end of the article",
      );
  }
  trimTrailingBios(body);
  while (body.length > 1) {
    const last = body[body.length - 1] as Item;
    if (last.text.split(/\s+/).length > 2 || SENTENCE_END.test(last.text)) break;
    body.pop();
    last.role = "furniture";
    last.rule = "short line after the last paragraph (signature, credit)";
  }
  void options;
  return { paragraphs: body.map((item) => withoutBullet(cutText.get(item) ?? item.text)) };
}

/** A sentence, not a link: ends like one and has a few words; not a list item. */
export function isSentence(text: string): boolean {
  return SENTENCE_END.test(text) && text.split(/\s+/u).length >= 4 && !/^([*+•·▪-]|\d+\.)\s/u.test(text);
}
