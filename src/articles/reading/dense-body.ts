import { articleListEnd, withoutBullet } from "./article-list.js";
import { isAuthorBio, trimTrailingBios } from "./author-bio.js";
import { type Body, isSentence } from "./body.js";
import { gluedTrailerAt, isCreditLine, isSoftCruft } from "./furniture.js";
import { type Item, mark, SENTENCE_END } from "./item.js";

// Long on purpose: one walk over a dense block, trimming leading and trailing furniture with state that
// carries from line to line (link runs, captions, list-then-prose).
/**
 * The body of a densest block: from its first to its last prose line, then on over plain sentences
 * right after it. Inside it, a cruft line ends the article unless it heads a list of other articles
 * that the article's text resumes after (a `Keep reading` box); runs of two or more short link-like
 * lines (lists, credits) and furniture are dropped.
 */
export function collectDenseBody(items: Item[], start: number, end: number): Body {
  const body: Item[] = [];
  const cutText = new Map<Item, string>();
  let i = start;
  let last = end;
  // Plain sentences right after the block (a short closing paragraph), and a list of the article's own
  // sentences it ends with.
  while (last + 1 < items.length) {
    const next = items[last + 1] as Item;
    if (next.role !== undefined || next.cruft || next.furniture || next.date) break;
    const list = articleListEnd(items, last + 1);
    if (list > last + 1) last = list - 1;
    else if (isSentence(next.text)) last++;
    else break;
  }
  for (; i <= last; i++) {
    const item = items[i] as Item;
    if (item.role !== undefined) continue;
    if (item.cruft) {
      const resumes = isSoftCruft(item.text) ? listThenProse(items, i + 1, last) : undefined;
      if (resumes === undefined) {
        mark(item, "furniture", "cruft pattern: end of the article");
        last = i - 1;
        break;
      }
      for (let k = i; k < resumes; k++)
        mark(items[k] as Item, "furniture", "list of other articles inside the body");
      i = resumes - 1;
      continue;
    }
    if (item.date || item.timeOnly) {
      mark(item, "furniture", `${item.date?.rule ?? "time"} inside the body`);
      continue;
    }
    if (item.furniture) {
      mark(item, "furniture", item.furniture);
      // A credit label on a line of its own (`Credit:`) is followed by the credit itself.
      const credit = items[i + 1];
      if (CREDIT_LABEL.test(item.text) && credit && credit.role === undefined && credit.text.length <= 160) {
        mark(credit, "furniture", "photo credit (under its label)");
        i++;
      }
      continue;
    }
    const next = items[i + 1] as Item | undefined;
    if (
      item.prose &&
      next &&
      (isCreditLine(next.text) || CREDIT_LABEL.test(next.text)) &&
      // A caption is a sentence or two; a paragraph of several is the article's, whatever follows it.
      (item.text.match(/[.!?…]["”’»]?\s+\p{Lu}/gu)?.length ?? 0) < 2 &&
      !/^(photo|foto|фото)\s*:/iu.test(next.text) &&
      // A credit followed by no more text is the article's sign-off (`FEW (EFE, Reuters)`), not a caption's.
      items.slice(i + 2, i + 5).some((other) => other.prose)
    ) {
      mark(item, "furniture", "photo caption (a credit line follows)");
      continue;
    }
    const list = articleListEnd(items, i);
    if (list > i) {
      for (let k = i; k < list; k++) {
        body.push(items[k] as Item);
        mark(items[k] as Item, "body", "paragraph (a list of the article's own sentences)");
      }
      i = list - 1;
      continue;
    }
    if (/[:：]$/u.test(item.text) && item.text.length < 100 && next?.linkish) {
      mark(item, "furniture", "heading of a list inside the body");
      continue;
    }
    if (item.linkish && (next?.linkish || (items[i - 1] as Item | undefined)?.linkish)) {
      mark(item, "furniture", "short link-like lines inside the body (a list or credits)");
      continue;
    }
    body.push(item);
    mark(item, "body", body.length === 1 ? "first paragraph (densest block of prose)" : "paragraph");
    const cut = gluedTrailerAt(item.text);
    if (cut !== undefined) {
      cutText.set(item, item.text.slice(0, cut).trim());
      item.rule = "last paragraph (the 'read the whole article' prompt glued to it is cut)";
      last = i;
      break;
    }
  }
  // A standfirst: a first paragraph set apart from the rest by the photo block (two or more furniture
  // lines: an embed, a caption, a credit, an advertisement) is the summary above the article, not its text.
  if (body.length > 2) {
    const a = items.indexOf(body[0] as Item);
    const b = items.indexOf(body[1] as Item);
    const between = items.slice(a + 1, b);
    if (
      between.length >= 2 &&
      between.every((item) => item.role === "furniture" && (item.furniture || item.cruft))
    )
      mark(body.shift() as Item, "skipped", "standfirst (set apart from the body by the photo block)");
  }
  // A table of contents (`In this article`): the intertitles printed below, run together in one line.
  if (body.length > 2) {
    const first = (body[0] as Item).text;
    const listed = body
      .slice(1)
      .filter(
        (item) =>
          item.text.length >= 15 &&
          item.text.length <= 120 &&
          !/[.!?…]$/u.test(item.text) &&
          first.includes(item.text),
      );
    if (listed.length >= 2 && listed.every((item) => item.text.length < first.length))
      mark(body.shift() as Item, "skipped", "table of contents (the intertitles below, run together)");
  }
  // Author biographies at either end are not the article.
  while (body.length > 1 && isAuthorBio((body[0] as Item).text))
    mark(body.shift() as Item, "furniture", "author biography");
  trimTrailingBios(body);
  for (let k = last + 1; k < items.length; k++) {
    const item = items[k] as Item;
    if (item.role === undefined)
      mark(
        item,
        item.date ? "date" : "furniture",
        item.date ? `${item.date.rule}, after the article` : "after the end of the article",
      );
  }
  while (body.length > 1) {
    const tail = body[body.length - 1] as Item;
    const capitals = /\p{Lu}{2}/u.test(tail.text) && tail.text === tail.text.toUpperCase();
    if (!capitals && (tail.text.split(/\s+/).length > 2 || SENTENCE_END.test(tail.text))) break;
    body.pop();
    mark(tail, "furniture", "short line after the last paragraph (signature, credit)");
  }
  return { paragraphs: body.map((item) => withoutBullet(cutText.get(item) ?? item.text)) };
}

/** `Credit:`, `Photo credit:`, `Crédit :`, `Фото:` alone on a line: the credit follows on the next one. */
const CREDIT_LABEL =
  /^((photo|image|foto)\s+)?(credits?|crédits?|crédito|créditos|photo|foto|фото|автор фото|bild|quelle|sursa|source)\s*[:：]$/iu;

/** After a list heading: the index where prose resumes within the block, after short lines only. */
function listThenProse(items: readonly Item[], from: number, last: number): number | undefined {
  for (let k = from; k <= last && k < from + 12; k++) {
    const item = items[k] as Item;
    if (item.prose) {
      const second = items.slice(k + 1, last + 1).some((other) => other.prose);
      return second ? k : undefined;
    }
    // Headlines of the list (short or not), its labels and prompts are skipped; another cruft line (not
    // one more heading or prompt of the same box) is the trailer.
    if (item.cruft && !isSoftCruft(item.text)) return undefined;
  }
  return undefined;
}
