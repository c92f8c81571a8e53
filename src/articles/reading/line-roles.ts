import { type DateLineReading, type DateReadOptions, isTimeOnlyLine, readDateLine } from "./date-line.js";
import {
  type CompiledPatterns,
  isAuthorBio,
  isBreadcrumbLine,
  isCreditLine,
  isCruft,
  isFurnitureLine,
  isInlinePointer,
  isSoftCruft,
  isWidgetLine,
  viewCount,
} from "./furniture.js";
import { labelledDateText, labelledTitle, notATitle, stripSiteSuffix } from "./title.js";

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

interface Item {
  line: number;
  text: string;
  date?: DateLineReading;
  timeOnly: boolean;
  cruft: boolean;
  furniture?: string;
  prose: boolean;
  linkish: boolean;
  role?: Role;
  rule?: string;
}

/** How far from the top the date may stand for the seed-like layout (date and title as the first lines). */
const HEAD_WINDOW = 3;
/** Minimum length of a line that counts as prose for the densest-block search. */
const PROSE_LENGTH = 60;
/** A run of this many short, link-like lines after the body has started is navigation: the body ends. */
const LINK_RUN = 3;
/** How far above the article's first paragraph the title and date are looked for. */
const TITLE_SEARCH = 20;
const DATE_SEARCH = 40;

const SENTENCE_END = /[.!?…:;"»”)\]'’。！？]$/u;

/** Reads a page given as lines (blank lines allowed; they only separate). */
export function readPage(rawLines: readonly string[], options: ReadOptions): PageReading {
  const items: Item[] = unwrap(rawLines).map(({ text, line }) => describe(text, line, options));
  combineSplitDates(items, options);

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

/**
 * Text dumps made by terminal browsers (`lynx -dump`) wrap paragraphs at a fixed width; such a page's
 * lines are joined back into paragraphs: a line continues the one above when the one above was full
 * (the next word would not have fitted). A page with one paragraph per line has no fixed width and is
 * left alone. Blank lines always separate.
 */
export function unwrap(rawLines: readonly string[]): { text: string; line: number }[] {
  const width = wrapWidth(rawLines);
  const out: { text: string; line: number }[] = [];
  let previous: string | undefined;
  rawLines.forEach((raw, index) => {
    // `* * * Text`: a text browser's rendering of a section break before a paragraph.
    const collapsed = raw.replace(/\s+/gu, " ").trim();
    const text = collapsed.replace(/^(\*\s+){2,}(?=\S)|^\*{3,}\s*(?=\S)/u, "");
    const sectionBreak = text !== collapsed;
    if (text === "") {
      previous = undefined;
      return;
    }
    const firstWord = text.split(" ")[0] as string;
    const continues =
      width !== undefined &&
      previous !== undefined &&
      !sectionBreak &&
      Array.from(previous).length + 1 + Array.from(firstWord).length > width - 10 &&
      // A finished sentence on a line that was not quite full ends its paragraph.
      !(
        /[.!?…]$/u.test(previous) &&
        Array.from(previous).length + 1 + Array.from(firstWord).length <= width - 3
      ) &&
      !/^([*+•#]|\d+\.|\[\d+\])\s/u.test(text);
    const last = out[out.length - 1];
    if (continues && last) last.text = `${last.text} ${text}`;
    else out.push({ text, line: index + 1 });
    previous = raw.replace(/\s+$/u, "");
  });
  return out;
}

/** The fixed width a page is wrapped at, or undefined when it is not wrapped. */
function wrapWidth(rawLines: readonly string[]): number | undefined {
  const lengths = rawLines
    .map((raw) => Array.from(raw.replace(/\s+$/u, "")).length)
    .filter((n) => n >= 40)
    .sort((a, b) => a - b);
  if (lengths.length < 10) return undefined;
  const width = lengths[Math.floor(lengths.length * 0.95)] as number;
  if (width > 100) return undefined;
  const nearWidth = lengths.filter((n) => n >= width - 15).length;
  return nearWidth >= lengths.length * 0.4 ? width : undefined;
}

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

type Partial = Omit<PageReading, "lines" | "views" | "errorPage" | "datedDays" | "datedHead">;

/**
 * The seed's layout and its relatives: a date line among the first lines, the title next to it (before
 * or after), then the body. Lines between the head and the first paragraph that are furniture (a view
 * counter, an author line) are dropped without ending anything.
 */
function headFirst(items: Item[], options: ReadOptions): Partial | undefined {
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
  const body = collectBody(items, start, options);
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
 * Every other layout (tickers, navigation, widgets or a whole page of menus before the article; full-page
 * text dumps): the article is the densest block of prose, found as the maximum-sum run of line scores in
 * the spirit of jusText's block classification (long sentence-like lines score their length; short,
 * link-like lines, dates and furniture cost). The title and date are the nearest fitting lines above it.
 */
function denseBlock(items: Item[], options: ReadOptions): Partial {
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

/**
 * The title above the article's first paragraph: among the headline-like lines up to TITLE_SEARCH lines
 * above it, the one a reader would take: a headline's length, words shared with the opening paragraphs
 * (a photo title or a section label shares few), printed twice on the page (a `<title>` line and the
 * headline), and near the body.
 */
function pickTitle(
  items: readonly Item[],
  start: number,
  options: ReadOptions,
): { index: number; rule: string } | undefined {
  const opening = new Set(items.slice(start, start + 4).flatMap((item) => contentWords(item.text)));
  let best: { index: number; rule: string; score: number } | undefined;
  for (let i = start - 1, distance = 0; i >= 0; i--) {
    const item = items[i] as Item;
    if (item.role !== undefined || item.date || item.furniture || item.cruft) continue;
    distance++;
    // Beyond the usual distance only a line that shares most of its words with the opening counts.
    const far = distance > TITLE_SEARCH;
    if (notATitle(item.text, options.cruft) !== undefined) continue;
    if (/[.…]$/u.test(item.text) && Array.from(item.text).length > 80) continue;
    const words = item.text.split(/\s+/u).length;
    const own = contentWords(item.text);
    const shared = own.length === 0 ? 0 : own.filter((w) => opening.has(w)).length / own.length;
    if (far && (best !== undefined || shared < 0.5 || words < 4)) continue;
    const twice =
      items.some((other, j) => j !== i && other.text !== item.text && sameHeadline(other.text, item.text)) ||
      items.some((other, j) => j !== i && other.text === item.text);

    const score =
      (words >= 4 && words <= 30 ? 2 : words >= 2 ? 0.5 : 0) + 3 * shared + (twice ? 2 : 0) - 0.1 * distance;
    if (!best || score > best.score)
      best = {
        index: i,
        score,
        rule: `headline above the body (${twice ? "printed twice, " : ""}${Math.round(shared * 100)}% of its words in the opening paragraphs)`,
      };
  }
  // A title cut short with an ellipsis (a teaser) printed in full elsewhere on the page.
  if (best) {
    const text = (items[best.index] as Item).text;
    const cut = /^(.{15,}?)\s*(\.\.\.|…)$/u.exec(text)?.[1];
    const full =
      cut === undefined ? -1 : items.findIndex((other) => other.text !== text && other.text.startsWith(cut));
    if (full >= 0)
      return { index: full, rule: "the full form of a headline printed cut short above the body" };
  }
  return best;
}

function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => Array.from(w).length >= 4)
    .map((w) => Array.from(w).slice(0, 5).join(""));
}

/** `Headline | Site` and `Headline` are the same headline. */
function sameHeadline(a: string, b: string): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return (
    shorter.length >= 15 && longer.startsWith(shorter) && /^\s*[|:–—-]/u.test(longer.slice(shorter.length))
  );
}

function noDateProblem(items: readonly Item[]): string {
  const first = items[0]?.text ?? "";
  return `no date line anywhere on the page (looked at all ${items.length} lines for a date such as "15 September 2022, 11:26", "Published: March 3, 2025 2:20 PM" or "03.03.2025 14:20"; the first line is "${first.length > 60 ? `${first.slice(0, 59)}…` : first}")`;
}

/** Maximum-sum run of line scores: its first and last prose lines, if any. */
function densest(items: readonly Item[]): { start: number; end: number } | undefined {
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
  return (items[s] as Item).prose ? { start: s, end: bestEnd } : undefined;
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

interface Body {
  paragraphs: string[];
}

/**
 * From the first line of the body on: furniture lines are dropped; the body ends at the trailer (a cruft
 * line, a copyright line, a run of short link-like lines with no prose right after it). Trailing
 * one- or two-word lines without sentence punctuation (a signature, `AP`) are not paragraphs.
 */
function collectBody(items: Item[], start: number, options: ReadOptions): Body {
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
  let ended = false;
  for (; i < items.length && !ended; i++) {
    const item = items[i] as Item;
    if (item.role !== undefined) continue;
    if (item.cruft) {
      mark(item, "furniture", "cruft pattern: end of the article");
      ended = true;
      break;
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
  while (body.length > 1) {
    const last = body[body.length - 1] as Item;
    if (last.text.split(/\s+/).length > 2 || SENTENCE_END.test(last.text)) break;
    body.pop();
    last.role = "furniture";
    last.rule = "short line after the last paragraph (signature, credit)";
  }
  void options;
  return { paragraphs: body.map((item) => item.text) };
}

/**
 * The body of a densest block: from its first to its last prose line, then on over plain sentences
 * right after it. Inside it, a cruft line ends the article unless it heads a list of other articles
 * that the article's text resumes after (a `Keep reading` box); runs of two or more short link-like
 * lines (lists, credits) and furniture are dropped.
 */
function collectDenseBody(items: Item[], start: number, end: number): Body {
  const body: Item[] = [];
  let i = start;
  let last = end;
  // Plain sentences right after the block (a short closing paragraph).
  while (last + 1 < items.length) {
    const next = items[last + 1] as Item;
    if (next.role !== undefined || next.cruft || next.furniture || next.date || !isSentence(next.text)) break;
    last++;
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
      continue;
    }
    const next = items[i + 1] as Item | undefined;
    if (
      item.prose &&
      next &&
      isCreditLine(next.text) &&
      !/^(photo|foto|фото)\s*:/iu.test(next.text) &&
      // A credit followed by no more text is the article's sign-off (`FEW (EFE, Reuters)`), not a caption's.
      items.slice(i + 2, i + 5).some((other) => other.prose)
    ) {
      mark(item, "furniture", "photo caption (a credit line follows)");
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
  // Author biographies at either end are not the article.
  while (body.length > 1 && isAuthorBio((body[0] as Item).text))
    mark(body.shift() as Item, "furniture", "author biography");
  while (body.length > 1 && isAuthorBio((body.at(-1) as Item).text)) {
    const bio = body.pop() as Item;
    mark(bio, "furniture", "author biography");
  }
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
  return { paragraphs: body.map((item) => item.text) };
}

/** A sentence, not a link: ends like one and has a few words; not a list item. */
function isSentence(text: string): boolean {
  return SENTENCE_END.test(text) && text.split(/\s+/u).length >= 4 && !/^([*+•·▪-]|\d+\.)\s/u.test(text);
}

/** After a list heading: the index where prose resumes within the block, after short lines only. */
function listThenProse(items: readonly Item[], from: number, last: number): number | undefined {
  for (let k = from; k <= last && k < from + 12; k++) {
    const item = items[k] as Item;
    if (item.prose) {
      const second = items.slice(k + 1, last + 1).some((other) => other.prose);
      return second ? k : undefined;
    }
    // Headlines of the list (short or not) and its labels are skipped; another cruft line is the trailer.
    if (item.cruft) return undefined;
  }
  return undefined;
}

function takeTitle(items: readonly Item[], item: Item, rule: string, body: Body): string {
  const label = labelledTitle(item.text);
  let raw = label ?? item.text;
  // A headline broken over two lines (a centred title in a text dump): an opened quote closes on the next.
  const next = items[items.indexOf(item) + 1];
  if (
    next &&
    next.role !== "body" &&
    !next.date &&
    unbalancedQuote(raw) &&
    !unbalancedQuote(`${raw} ${next.text}`)
  ) {
    raw = `${raw} ${next.text}`;
    mark(next, "title", "second line of the headline");
  }
  const others = items.filter((other) => other !== item && other.role !== "body").map((other) => other.text);
  const title = stripSiteSuffix(raw, others);
  mark(item, "title", title !== raw ? `${rule}; site name removed` : rule);
  // The title printed again as the first body line (in full, or cut short with an ellipsis).
  const first = body.paragraphs[0];
  const cut = first === undefined ? undefined : /^(.{15,}?)\s*(\.\.\.|…)$/u.exec(first)?.[1];
  if (
    first !== undefined &&
    (stripSiteSuffix(first, others) === title || (cut !== undefined && title.startsWith(cut)))
  ) {
    body.paragraphs.shift();
    const again = items.find((other) => other.role === "body" && other.text === first);
    if (again) mark(again, "skipped", "the title printed again");
  }
  return title;
}

function unbalancedQuote(text: string): boolean {
  const count = (c: string) => text.split(c).length - 1;
  return count("«") !== count("»") || count("“") !== count("”") || count("„") > count("“") + count("”");
}

function mark(item: Item, role: Role, rule: string): void {
  item.role = role;
  item.rule = rule;
}
