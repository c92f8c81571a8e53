import { type Body, collectBody } from "./body.js";
import { densest } from "./dense-block.js";
import { collectDenseBody } from "./dense-body.js";
import { isBreadcrumbLine, isWidgetLine } from "./furniture.js";
import { HEAD_WINDOW, type Item, mark, type Partial } from "./item.js";
import type { ReadOptions } from "./line-roles.js";
import { labelledTitle, notATitle, stripSiteSuffix } from "./title.js";
import { takeTitle } from "./title-pick.js";

// Long on purpose: one pass over the page head in reading order (date, title, furniture, first paragraph),
// whose steps share the cursor and the partial result; split up, each piece would need all of that state.
/**
 * The seed's layout and its relatives: a date line among the first lines, the title next to it (before
 * or after), then the body. Lines between the head and the first paragraph that are furniture (a view
 * counter, an author line) are dropped without ending anything.
 */
export function headFirst(items: Item[], options: ReadOptions): Partial | undefined {
  const d = items.slice(0, HEAD_WINDOW).findIndex((item) => item.date?.published !== undefined);
  if (d < 0) return undefined;
  const dateItem = items[d] as Item;
  const used = new Set<number>([d]);
  let updated: string | undefined;
  // A second date line right after the first is the "updated" stamp some sites print.
  const second = items[d + 1];
  if (second?.date) {
    used.add(d + 1);
    const candidate = second.date.updated ?? second.date.published;
    if (candidate !== undefined && candidate > (dateItem.date?.published as string)) updated = candidate;
  }
  for (let i = 0; i < d; i++) {
    const item = items[i] as Item;
    if (item.date || item.role === "date") used.add(i);
  }
  // The title: the first line near the date that can be one. Above the date it must pass every title
  // rule (a nav label or a ticker there is not the title); below it, the seed's rule holds: whatever stands
  // in the title slot is the title unless it is furniture (and a cruft line there is an error, not skipped).
  const window = items
    .map((item, i) => ({ item, i }))
    .slice(0, d + 4)
    .filter(
      ({ item, i }) =>
        !used.has(i) &&
        item.role === undefined &&
        !item.date &&
        !item.furniture &&
        !isBreadcrumbLine(item.text) &&
        !isWidgetLine(item.text),
    );
  const titled =
    window.find(({ item, i }) => i < d && notATitle(item.text, options.cruft) === undefined) ??
    window.find(({ i }) => i > d);
  // A record header (`==== Title: … Date: … ====`) carries both on one line.
  const header = labelledTitle(dateItem.text);
  if (header !== undefined) {
    const body = collectBody(items, d + 1, options);
    mark(dateItem, "title", `record header (Title: and Date: fields; ${dateItem.date?.rule})`);
    return {
      title: stripSiteSuffix(header, []),
      published: dateItem.date?.published as string,
      ...(dateItem.date?.updated ? { updated: dateItem.date.updated } : {}),
      body: body.paragraphs,
      layout: "head-first",
    };
  }
  if (!titled) return undefined;
  if (titled.item.cruft)
    return {
      body: [],
      layout: "head-first",
      published: dateItem.date?.published as string,
      titleProblem: `the line next to the date line, "${titled.item.text}" (line ${titled.item.line}), is page furniture, not a title`,
    };
  for (const i of used) mark(items[i] as Item, "date", (items[i] as Item).date?.rule ?? "date line");
  (items[d] as Item).rule = `${dateItem.date?.rule} (among the first ${HEAD_WINDOW} lines: published)`;
  if (updated !== undefined && items[d + 1]?.date) (items[d + 1] as Item).rule = "second date line: updated";
  for (let i = 0; i < titled.i; i++) {
    const item = items[i] as Item;
    if (item.role === undefined)
      mark(item, item.furniture || item.cruft ? "furniture" : "skipped", "before the title");
  }
  const start = Math.max(titled.i, ...used) + 1;
  const body = proseBody(items, start, options);
  const title = takeTitle(items, titled.item, "title slot next to the date line", body);
  return {
    title,
    published: dateItem.date?.published as string,
    ...(updated !== undefined
      ? { updated }
      : dateItem.date?.updated
        ? { updated: dateItem.date.updated }
        : {}),
    body: body.paragraphs,
    layout: "head-first",
  };
}

/**
 * The body under the head; when what stands there has no prose at all (a site's tagline over its menus),
 * the article is further down: the densest block of prose below the head.
 */
function proseBody(items: Item[], start: number, options: ReadOptions): Body {
  const body = collectBody(items, start, options);
  if (items.some((item, i) => i >= start && item.role === "body" && item.prose)) return body;
  const below = items.slice(start);
  const saved = below.map(({ role, rule }) => ({ role, rule }));
  for (const item of below) {
    delete item.role;
    delete item.rule;
  }
  const block = densest(items);
  if (block === undefined || block.start < start) {
    below.forEach((item, k) => {
      Object.assign(item, saved[k]);
    });
    return body;
  }
  return collectDenseBody(items, block.start, block.end);
}
