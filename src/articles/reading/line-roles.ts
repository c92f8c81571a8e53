import type { CompiledPatterns } from "./cruft-patterns.js";
import { type DateLineReading, type DateReadOptions, isTimeOnlyLine, readDateLine } from "./date-line.js";
import { denseBlock } from "./dense-block.js";
import { isCruft, isFurnitureLine, isInlinePointer, viewCount } from "./furniture.js";
import { splitGlued } from "./glued.js";
import { headFirst } from "./head-first.js";
import { type Item, PROSE_LENGTH, SENTENCE_END } from "./item.js";
import { labelledDateText, labelledTitle } from "./title.js";
import { unwrap } from "./unwrap.js";

/**
 * The line-role reader: decides for every line of a stored page whether it is the title, a date, body,
 * furniture or skipped, and which rule decided it. Pure and format-neutral: it reads a list of text lines
 * (a .txt page's lines, or the blocks a later .html reader extracts), never bytes or markup.
 */

export type Role = "title" | "date" | "body" | "furniture" | "skipped";

export interface LineRole {
  /** 1-based line number in the page. */
  line: number;
  text: string;
  role: Role;
  rule: string;
}

export interface PageReading {
  /** Every non-blank line with its role. */
  lines: LineRole[];
  title?: string;
  published?: string;
  updated?: string;
  /** Body paragraphs, in order. */
  body: string[];
  views?: number;
  /** Which layout rule placed the article: the head at the top, or the densest block of prose. */
  layout: "head-first" | "dense-block";
  /** What was looked for and where, when no date was found. */
  dateProblem?: string;
  /** Why no title was taken, when none was. */
  titleProblem?: string;
  /** The page says it is an error page (`404`, `Page not found`), so it is no article. */
  errorPage?: string;
  /** How many different days the page's date lines print (an index of teasers prints many). */
  datedDays: number;
  /** A date line stands just above the first paragraph (an article's head), not only in lists. */
  datedHead: boolean;
}

export interface ReadOptions {
  dates: DateReadOptions;
  cruft: CompiledPatterns;
}

/** Reads a page given as lines (blank lines allowed; they only separate). */
export function readPage(rawLines: readonly string[], options: ReadOptions): PageReading {
  const items: Item[] = unwrap(rawLines)
    .flatMap(splitGlued)
    .map(({ text, line }) => describe(text, line, options));
  combineSplitDates(items, options);
  markTeaserPairs(items);

  const head = headFirst(items, options);
  const reading = head ?? denseBlock(items, options);
  for (const item of items) {
    if (item.role === undefined) {
      item.role = item.date ? "date" : item.cruft || item.furniture ? "furniture" : "skipped";
      item.rule ??= item.date
        ? `${item.date.rule}, not the article's`
        : item.cruft
          ? "cruft pattern"
          : (item.furniture ?? "outside the article");
    }
  }
  let views: number | undefined;
  for (const item of items) if (item.role !== "body") views ??= viewCount(item.text);
  // An error page's message stands in its upper half, short, on a line of its own.
  const error = items.find(
    (item, i) => i < Math.max(10, items.length / 2) && item.text.length <= 80 && ERROR_PAGE.test(item.text),
  );
  return {
    ...reading,
    lines: items.map(({ line, text, role, rule }) => ({
      line,
      text,
      role: role as Role,
      rule: rule as string,
    })),
    ...(views !== undefined ? { views } : {}),
    ...(error ? { errorPage: error.text } : {}),
    datedHead: ((first) =>
      first >= 0 && items.slice(Math.max(0, first - 8), first).some((item) => item.role === "date"))(
      items.findIndex((item) => item.role === "body"),
    ),
    datedDays: new Set(
      items
        .map((item) => (item.date?.published ?? item.date?.updated)?.slice(0, 10))
        .filter((d) => d !== undefined),
    ).size,
  };
}

/** What error pages print instead of an article, in the languages we read. */
const ERROR_PAGE =
  /^\s*(404|403|410|500|503)\s*$|\b(http|état http|error|erreur|fehler|ошибка|помилка)\s*\d{3}\b|page not found|page introuvable|página no encontrada|seite nicht gefunden|pagina nu a fost găsită|страница не найдена|страница не существует|сторінку не знайдено|такої сторінки не існує|такої сторiнки не iснує|requête invalide|bad request/iu;

function describe(text: string, line: number, options: ReadOptions): Item {
  const labelled = labelledDateText(text);
  let date = readDateLine(text, options.dates);
  if (!date && labelled && labelledTitle(text)) {
    const inner = readDateLine(labelled, options.dates);
    if (inner) date = { ...inner, rule: `record header field, ${inner.rule}` };
  }
  if (!date) date = labelledDatePrefix(text, options);
  const cruft = isCruft(text, options.cruft);
  const furniture =
    isFurnitureLine(text) ?? (isInlinePointer(text) ? "inline 'read also' pointer" : undefined);
  const length = Array.from(text).length;
  const ends = SENTENCE_END.test(text);
  // A list item (a menu entry, a related headline) is never prose, however long.
  const listItem = /^([*+•·▪‣◦]|\d+\.)\s/u.test(text);
  const prose =
    !cruft &&
    !furniture &&
    !date &&
    !listItem &&
    length >= PROSE_LENGTH &&
    (ends || (length >= 150 && !isRunTogetherList(text)));
  const linkish = !prose && ((!ends && length < PROSE_LENGTH) || listItem);
  return {
    line,
    text,
    ...(date ? { date } : {}),
    timeOnly: !date && isTimeOnlyLine(text),
    cruft,
    ...(furniture ? { furniture } : {}),
    prose,
    linkish,
  };
}

/**
 * A labelled date at the start of a longer line (`Data publicării: 23.12.2023 08:00 <photo caption>`,
 * where a text dump ran two blocks together): the labelled part up to its last time of day.
 */
function labelledDatePrefix(text: string, options: ReadOptions): DateLineReading | undefined {
  if (text.length <= 60 || !/^\p{L}/u.test(text)) return undefined;
  const head = text.slice(0, 120);
  const times = [...head.matchAll(/\d{1,2}[:.]\d{2}(?!\d)/gu)];
  const last = times.at(-1);
  if (!last) return undefined;
  const prefix = head.slice(0, last.index + last[0].length);
  const reading = readDateLine(prefix, options.dates);
  if (!reading || !/^labelled/.test(reading.rule) || /^on\b/iu.test(prefix)) return undefined;
  return { ...reading, rule: `${reading.rule} at the start of the line` };
}

/**
 * A long line that is a list, not prose: comma-separated topic tags (`Energy, Electric power / smart grid,
 * Information technology, …`) or headlines run together without spaces (`…Linux and WindowsBlueNoroff …`).
 */
function isRunTogetherList(text: string): boolean {
  const parts = text.split(/\s*,\s*/u);
  if (parts.length >= 4 && parts.filter((p) => p.split(/\s+/u).length <= 3).length >= parts.length * 0.8)
    return true;
  return (text.match(/\p{Ll}{2}\p{Lu}\p{Ll}/gu)?.length ?? 0) >= 2;
}

/** A date on one line and its time on the next (`March 3, 2025` / `14:20`) read as one. */
function combineSplitDates(items: Item[], options: ReadOptions): void {
  for (let i = 0; i + 1 < items.length; i++) {
    const item = items[i] as Item;
    const next = items[i + 1] as Item;
    if (item.date && !item.date.hasTime && next.timeOnly) {
      const joined = readDateLine(`${item.text} ${next.text}`, options.dates);
      if (joined?.hasTime) {
        item.date = { ...joined, rule: `${joined.rule}, time on the next line` };
        next.role = "date";
        next.rule = "time of the date line above";
      }
    } else if (next.date && !next.date.hasTime && item.timeOnly && item.role === undefined) {
      const joined = readDateLine(`${next.text} ${item.text}`, options.dates);
      if (joined?.hasTime) {
        next.date = { ...joined, rule: `${joined.rule}, time on the line above` };
        item.role = "date";
        item.rule = "time of the date line below";
      }
    }
  }
}

/**
 * A headline printed twice in a row (an image's alt text and then the link, `Imaginea articolului X` / `X
 * ieri, 21:40`) is a teaser of another article in a list, however long: the article's own text is never
 * printed twice back to back.
 */
function markTeaserPairs(items: Item[]): void {
  const pairs = items
    .map((_, i) => i)
    .filter((i) => {
      const a = items[i] as Item;
      const b = items[i + 1];
      return b !== undefined && !a.date && !b.date && repeats(a.text, b.text);
    });
  // One pair alone may be the article's own headline printed twice (the page title, then the heading); a
  // list of teasers has several pairs close together.
  for (const i of pairs) {
    if (!pairs.some((j) => j !== i && Math.abs(j - i) <= 6)) continue;
    for (const item of [items[i] as Item, items[i + 1] as Item]) {
      item.furniture ??= "teaser: a headline printed twice in a row";
      item.prose = false;
      item.linkish = true;
    }
  }
}

/** One line prints most of the other (beside a label or a time stamp), and they are of similar length. */
function repeats(a: string, b: string): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  // The same line twice is not a teaser pair (a teaser's two copies differ by a label or a time stamp).
  if (a === b || shorter.length < 30 || shorter.length < longer.length * 0.6) return false;
  const core = shorter.slice(0, Math.ceil(shorter.length * 0.7));
  const tail = shorter.slice(-Math.ceil(shorter.length * 0.7));
  return longer.includes(core) || longer.includes(tail);
}
