import { collectBody } from "./body.js";
import { collectDenseBody } from "./dense-body.js";
import { DATE_SEARCH, type Item, mark, type Partial, SENTENCE_END, TITLE_SEARCH } from "./item.js";
import type { ReadOptions } from "./line-roles.js";
import { labelledTitle, MAX_HEADLINE_LENGTH, notATitle } from "./title.js";
import { pickTitle, takeTitle } from "./title-pick.js";

// Long on purpose: the dense-block layout decides title, date and body together from one scan of the
// block and its surroundings; the sub-steps (densest, lineScore, collectDenseBody) are already separate.
/**
 * Every other layout (tickers, navigation, widgets or a whole page of menus before the article; full-page
 * text dumps): the article is the densest block of prose, found as the maximum-sum run of line scores in
 * the spirit of jusText's block classification (long sentence-like lines score their length; short,
 * link-like lines, dates and furniture cost). The title and date are the nearest fitting lines above it.
 */
export function denseBlock(items: Item[], options: ReadOptions): Partial {
  const block = densest(items);
  const start = block?.start;
  const recordTitle = items.findIndex(
    (item, i) => i < (start ?? items.length) && labelledTitle(item.text) !== undefined,
  );
  // Title: a record header's Title: field, a line printed twice, else the nearest fitting line above the body.
  let titleIndex: number | undefined;
  let titleRule = "";
  if (recordTitle >= 0) {
    titleIndex = recordTitle;
    titleRule = "record header Title: field";
  } else if (start === undefined) {
    // No prose block (a short page): the first line that can be a title, the body after it.
    const first = items.findIndex(
      (item) => !item.date && item.role === undefined && notATitle(item.text, options.cruft) === undefined,
    );
    if (first >= 0) {
      titleIndex = first;
      titleRule = "first headline-like line (no block of prose on the page)";
    }
  } else {
    const picked = pickTitle(items, start, options);
    if (picked) {
      titleIndex = picked.index;
      titleRule = picked.rule;
    }
  }

  // Date: the nearest date line above the body, else just below it, else the first anywhere.
  const dated = (i: number) =>
    (items[i] as Item).date?.published !== undefined || (items[i] as Item).date?.updated !== undefined;
  let dateIndex: number | undefined;
  let dateRule = "";
  const anchor = start ?? (titleIndex !== undefined ? titleIndex + 1 : items.length);
  for (let i = anchor - 1; i >= Math.max(0, anchor - DATE_SEARCH); i--)
    if (dated(i)) {
      dateIndex = i;
      dateRule = "nearest date line above the body";
      break;
    }
  if (dateIndex === undefined) {
    // Anywhere above the body, or just below it; never inside it (an embedded post's date is not the article's).
    const end = block?.end ?? anchor;
    const first = items.findIndex((_, i) => dated(i) && (i < anchor || (i > end && i <= end + 10)));
    if (first >= 0) {
      dateIndex = first;
      dateRule = first >= anchor ? "date line below the article" : "first date line on the page";
    }
  }
  // A published/updated pair on adjacent lines.
  let published: string | undefined;
  let updated: string | undefined;
  if (dateIndex !== undefined) {
    const item = items[dateIndex] as Item;
    published = item.date?.published;
    updated = item.date?.updated;
    mark(item, "date", `${item.date?.rule} (${dateRule})`);
    for (const j of [dateIndex - 1, dateIndex + 1]) {
      const other = items[j];
      if (!other?.date) continue;
      if (published === undefined && other.date.published !== undefined) {
        published = other.date.published;
        mark(other, "date", `${other.date.rule} (published, next to the updated line)`);
      } else if (updated === undefined) {
        const later = other.date.updated ?? other.date.published;
        if (later !== undefined && published !== undefined && later > published) {
          updated = later;
          mark(other, "date", `${other.date.rule} (updated, next to the published line)`);
        }
      }
    }
    if (published === undefined && updated !== undefined) {
      published = updated;
      updated = undefined;
    }
  }

  let bodyStart = start;
  if (bodyStart === undefined && titleIndex !== undefined) bodyStart = titleIndex + 1;
  if (bodyStart === undefined) {
    return {
      body: [],
      layout: "dense-block",
      ...(published !== undefined ? { published } : {}),
      titleProblem: "no title: no headline-like line and no paragraph of prose on the page",
      dateProblem: published === undefined ? noDateProblem(items) : undefined,
    } as Partial;
  }
  if (titleIndex !== undefined && titleIndex >= bodyStart) bodyStart = titleIndex + 1;
  for (let i = 0; i < bodyStart; i++) {
    const item = items[i] as Item;
    if (item.role === undefined && i !== titleIndex)
      mark(
        item,
        item.furniture || item.cruft ? "furniture" : "skipped",
        item.furniture ??
          (item.cruft ? "cruft pattern before the body (does not end it)" : "before the article"),
      );
  }
  const body =
    block && bodyStart === block.start
      ? collectDenseBody(items, block.start, block.end)
      : collectBody(items, bodyStart, options);
  const titleItem = titleIndex !== undefined ? items[titleIndex] : undefined;
  const title = titleItem ? takeTitle(items, titleItem, titleRule, body) : undefined;
  return {
    ...(title !== undefined
      ? { title }
      : {
          titleProblem: `no headline-like line in the ${TITLE_SEARCH} lines above the first paragraph (line ${(items[bodyStart] as Item | undefined)?.line ?? "?"})`,
        }),
    ...(published !== undefined ? { published } : { dateProblem: noDateProblem(items) }),
    ...(updated !== undefined ? { updated } : {}),
    body: body.paragraphs,
    layout: "dense-block",
  };
}

function noDateProblem(items: readonly Item[]): string {
  const first = items[0]?.text ?? "";
  return `no date line anywhere on the page (looked at all ${items.length} lines for a date such as "15 September 2022, 11:26", "Published: March 3, 2025 2:20 PM" or "03.03.2025 14:20"; the first line is "${first.length > 60 ? `${first.slice(0, 59)}…` : first}")`;
}

/** Maximum-sum run of line scores: its first and last prose lines, if any. */
export function densest(items: readonly Item[]): { start: number; end: number } | undefined {
  let best = 0;
  let bestStart: number | undefined;
  let bestEnd = 0;
  let sum = 0;
  let runStart = 0;
  items.forEach((item, i) => {
    const score = lineScore(item);
    if (sum <= 0) {
      sum = 0;
      runStart = i;
    }
    sum += score;
    if (sum > best) {
      best = sum;
      bestStart = runStart;
      bestEnd = i;
    }
  });
  if (bestStart === undefined) return undefined;
  let s = bestStart;
  while (s < bestEnd && !(items[s] as Item).prose) s++;
  // A long headline wrapped over lines (a centred title in a text dump) reads like prose but does not end
  // like a sentence: it heads the block, the article starts at the next paragraph.
  if (s < bestEnd && isWrappedHeadline(items[s] as Item)) {
    s++;
    while (s < bestEnd && !(items[s] as Item).prose) s++;
  }
  return (items[s] as Item).prose ? { start: s, end: bestEnd } : undefined;
}

function isWrappedHeadline(item: Item): boolean {
  return !SENTENCE_END.test(item.text) && Array.from(item.text).length <= MAX_HEADLINE_LENGTH;
}

function lineScore(item: Item): number {
  if (item.role !== undefined) return -200;
  if (item.cruft) return -300;
  // A date line separates the head (title, standfirst, photo) from the body.
  if (item.date) return -600;
  if (item.furniture) return -50;
  if (item.prose) return Array.from(item.text).length;
  return item.linkish ? -25 : -10;
}
