import * as chrono from "chrono-node";
import { DateTime, FixedOffsetZone, Info, type Zone } from "luxon";
import { parseDateLine } from "../dates.js";
import { MONTHS, PUBLISHED_LABELS, UPDATED_LABELS, WEEKDAYS, ZONE_ABBREVIATIONS } from "./date-words.js";

/** Which part comes first in an all-numeric date such as `03/04/2025`. */
export type DateOrder = "DMY" | "MDY";

export interface DateReadOptions {
  /** IANA zone the page prints its times in (unless the line names a zone or offset). */
  timeZone: string;
  dateOrder: DateOrder;
  /**
   * ISO instant a year-less date (`3 Mar`) resolves against: the latest such date not after it. The stored
   * object's modified time, else the run's now.
   */
  reference: string;
}

/** What one line says about dates, when the line is a date line (the date dominates it). */
export interface DateLineReading {
  /** UTC instants, `YYYY-MM-DDTHH:mm:ssZ`. A line labelled only "Updated" has no `published`. */
  published?: string;
  updated?: string;
  /** A time of day was printed (a date alone is local midnight, and a time on the next line may complete it). */
  hasTime: boolean;
  /** The rule that read it, for `explain`. */
  rule: string;
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
  /** The year was not printed and was inferred from the reference instant. */
  yearless: boolean;
}

interface ClockTime {
  hour: number;
  minute: number;
  second: number;
}

interface Found {
  date: CalendarDate;
  start: number;
  end: number;
  time?: ClockTime;
  /** Minutes east of UTC, when the line prints a zone or offset. */
  offset?: number;
  label?: "published" | "updated";
}

/** Lines longer than this are prose, never a date line (keeps the scanners off long paragraphs). */
const MAX_DATE_LINE = 160;
/** Words left over after removing dates, times, labels, weekdays and counters that still make a date line. */
const MAX_LEFTOVER_WORDS = 4;

const MONTH_WORD = String.raw`(\p{L}[\p{L}'ʼ]*)\.?`;
// Ordinal suffixes of several languages: 3rd, 3., 3-го, 3-ci.
const ORDINAL = String.raw`(?:st|nd|rd|th|er|e|-?го|-?ci|-?cı|-?cu|-?cü|-?ին)?\.?`;
const D_MONTH_Y = new RegExp(
  String.raw`(?<![\p{L}\d])(\d{1,2})${ORDINAL}\s*(?:de\s+|[-/ ]\s*)?${MONTH_WORD}(?:\s*(?:de\s+|[-/,]\s*)?(\d{4})(?!\d))?`,
  "giu",
);
const MONTH_D_Y = new RegExp(
  String.raw`(?<![\p{L}\d])${MONTH_WORD}\s*[-/ ]?\s*(\d{1,2})${ORDINAL}(?![\d:])(?:\s*,?\s*(\d{4})(?!\d))?`,
  "giu",
);
// `2022 թ. սեպտեմբերի 15`, `2025 წლის 3 მარტი` (Y MONTH D / Y D MONTH with a year word between).
const Y_MONTH_D = new RegExp(
  String.raw`(?<!\d)(\d{4})\s*(?:թ\.?|г\.?|года|წლის|-?ci il|il)?\s*,?\s*${MONTH_WORD}\s*(\d{1,2})(?![\d:])`,
  "giu",
);
const YMD = /(?<!\d)(\d{4})\s*([-./])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)/gu;
const NUMERIC = /(?<![\d.])(\d{1,2})\s*([-./·])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d])/gu;
const TIME =
  /(?<![\d.:])(\d{1,2})\s*(?:[:h]|\.(?=\d{2}(?!\d|\.\d)))\s*(\d{2})(?:\s*:\s*(\d{2}))?(?!\d)(?:\s*([ap])\.?\s*m\b\.?)?/giu;
const ZONE_AFTER_TIME =
  /^\s*(?:uhr\s*)?\(?\s*(?:(?:utc|gmt)\s*([+\-−]\s*\d{1,2}(?::?\d{2})?)|([+\-−]\d{2}:?\d{2})|([\p{L}]{1,5})(?!\p{L}))\)?/iu;

/**
 * Reads one line as a date line: a date (and usually a time) that dominates the line, possibly with a label
 * (`Published:`), a weekday, a zone, a counter or a short byline around it. A sentence that merely
 * mentions a date is not a date line.
 *
 * Order: the seed's exact shapes first (unchanged output for the seed), then our scanners for numeric dates
 * (the order of `03/04/2025` is a per-source setting no library knows) and for month names in the
 * languages we read (en, hy, ru, uk, ka, az, de, fr, es; chrono-node has no Armenian, Georgian or
 * Azerbaijani), then chrono-node's parsers for the phrasings and languages our scanners do not know.
 */
export function readDateLine(line: string, options: DateReadOptions): DateLineReading | undefined {
  const text = line.replace(/[\s\u200b]+/gu, " ").trim();
  if (text === "" || text.length > MAX_DATE_LINE || !/\d/.test(text)) return undefined;
  const zone = Info.normalizeZone(options.timeZone);
  if (!zone.isValid) throw new RangeError(`Unknown time zone: ${options.timeZone}`);

  // The seed's parser reads all-numeric dates day first; a month-first source skips it for those.
  const monthFirstNumeric = options.dateOrder === "MDY" && /^\d{1,2}\s*[-./]\s*\d{1,2}\s*[-./]/u.test(text);
  const seed = monthFirstNumeric ? undefined : parseDateLine(text, options.timeZone);
  if (seed !== undefined)
    return { published: seed, hasTime: /\d\s*[:.\-h]\s*\d{2}\s*$|\d:\d{2}/u.test(text), rule: "date line" };

  const prepared = unglue(text);
  const found = scanDates(prepared, options) ?? chronoDates(prepared, options);
  if (!found || found.dates.length === 0) return undefined;
  if (!dominated(prepared, found.spans)) return undefined;

  const instants = found.dates
    .map((d) => ({ d, at: instantOf(d, zone, options.reference) }))
    .filter((x): x is { d: Found; at: string } => x.at !== undefined);
  if (instants.length === 0) return undefined;
  let published: string | undefined;
  let updated: string | undefined;
  for (const { d, at } of instants) {
    if (d.label === "updated") updated ??= at;
    else if (published === undefined) published = at;
    else updated ??= at;
  }
  const labelled = instants.some(({ d }) => d.label !== undefined);
  return {
    ...(published !== undefined ? { published } : {}),
    ...(updated !== undefined ? { updated } : {}),
    hasTime: instants.some(({ d }) => d.time !== undefined),
    rule: `${labelled ? "labelled " : ""}date line (${found.rule})`,
  };
}

/** A line that is only a time of day (`14:20`, `2:20 PM`, `16:02 EST`): the second half of a split date line. */
export function isTimeOnlyLine(line: string): boolean {
  const text = line.trim();
  if (text.length > 24) return false;
  TIME.lastIndex = 0;
  const m = TIME.exec(text);
  if (!m || m.index > 2) return false;
  const rest = text.slice(m.index + m[0].length);
  const zone = ZONE_AFTER_TIME.exec(rest);
  const after = zone && zoneOffset(zone) !== undefined ? rest.slice(zone[0].length) : rest;
  return /^[\s|,.;:\-–—•·]*$/u.test(after);
}

/** `PostedMarch 3, 2025` → `Posted March 3, 2025`: scrapers drop the space between a label and the date. */
function unglue(text: string): string {
  return (
    text
      // `24 Nov 202324 Nov 2023`: a date printed twice without a space; `Nov 25 20237:23 AM`: year and time.
      .replace(/((?:19|20)\d{2})(\d{1,2}\s*\p{L})/gu, "$1 $2")
      .replace(/((?:19|20)\d{2})(\d{1,2}:\d{2})/gu, "$1 $2")
      // `ESTUpdated`: a zone abbreviation glued to the next label.
      .replace(/(\p{Lu}{2,})(\p{Lu}\p{Ll}{2,})/gu, "$1 $2")
      .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
      .replace(/(\p{L})(\d)/gu, (m, a: string, b: string) =>
        // Keep ordinals and `14h20` intact; split `Posted03.03.2025`, `Published:3`.
        /[hH]/.test(a) ? m : `${a} ${b}`,
      )
  );
}

interface Scan {
  dates: Found[];
  spans: [number, number][];
  rule: string;
}

function scanDates(text: string, options: DateReadOptions): Scan | undefined {
  const lower = text.toLowerCase();
  const dates: Found[] = [];
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => taken.every(([s, e]) => end <= s || start >= e);
  const add = (start: number, end: number, date: CalendarDate | undefined) => {
    if (!date || !free(start, end)) return;
    taken.push([start, end]);
    dates.push({ date, start, end });
  };
  for (const m of lower.matchAll(YMD)) add(m.index, m.index + m[0].length, calendar(m[1], m[3], m[4], false));
  for (const m of lower.matchAll(NUMERIC)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = (m[4] as string).length === 2 ? `20${m[4]}` : m[4];
    // An unambiguous order wins over the setting (`25/03/2025` is day first whatever dateOrder says).
    const dayFirst = a > 12 ? true : b > 12 ? false : options.dateOrder === "DMY";
    add(m.index, m.index + m[0].length, calendar(year, dayFirst ? b : a, dayFirst ? a : b, false));
  }
  for (const m of lower.matchAll(Y_MONTH_D))
    add(m.index, m.index + m[0].length, calendar(m[1], monthOf(m[2]), m[3], false));
  for (const m of lower.matchAll(D_MONTH_Y))
    add(m.index, m.index + m[0].length, calendar(m[3], monthOf(m[2]), m[1], m[3] === undefined));
  for (const m of lower.matchAll(MONTH_D_Y))
    add(m.index, m.index + m[0].length, calendar(m[3], monthOf(m[1]), m[2], m[3] === undefined));
  if (dates.length === 0) return undefined;
  dates.sort((x, y) => x.start - y.start);
  attachTimes(lower, dates, taken);
  attachLabels(lower, dates);
  return { dates, spans: taken, rule: "date scanner" };
}

function monthOf(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  return MONTHS.get(word.toLowerCase().replace(/\.$/, ""));
}

function calendar(
  year: string | number | undefined,
  month: string | number | undefined,
  day: string | number | undefined,
  yearless: boolean,
): CalendarDate | undefined {
  if (month === undefined || day === undefined) return undefined;
  const date = { year: yearless ? 0 : Number(year), month: Number(month), day: Number(day), yearless };
  if (!yearless && (date.year < 1000 || date.year > 9999)) return undefined;
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return undefined;
  return date;
}

/** Each date takes the first time printed after it (before the next date), else the one just before it. */
function attachTimes(text: string, dates: Found[], taken: [number, number][]): void {
  const times: { start: number; end: number; time: ClockTime; offset?: number; used?: boolean }[] = [];
  TIME.lastIndex = 0;
  for (const m of text.matchAll(TIME)) {
    const start = m.index;
    let end = start + m[0].length;
    if (!taken.every(([s, e]) => end <= s || start >= e)) continue;
    const time = clockTime(m[1], m[2], m[3], m[4]);
    if (!time) continue;
    const zone = ZONE_AFTER_TIME.exec(text.slice(end));
    const offset = zone ? zoneOffset(zone) : undefined;
    if (zone && offset !== undefined) end += zone[0].length;
    times.push({ start, end, time, ...(offset !== undefined ? { offset } : {}) });
  }
  dates.forEach((d, i) => {
    const nextStart = dates[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    const previousEnd = dates[i - 1]?.end ?? -1;
    const after = times.find((t) => !t.used && t.start >= d.end && t.start < nextStart);
    const before = [...times].reverse().find((t) => !t.used && t.end <= d.start && t.start > previousEnd);
    const t = after ?? before;
    if (!t) return;
    t.used = true;
    d.time = t.time;
    if (t.offset !== undefined) d.offset = t.offset;
    taken.push([t.start, t.end]);
  });
}

/** The label nearest before a date (`Published:`, `Updated`) says which date it is. */
function attachLabels(text: string, dates: Found[]): void {
  dates.forEach((d, i) => {
    const from = dates[i - 1]?.end ?? 0;
    const before = text.slice(from, d.start);
    const lastAt = (labels: readonly string[]) =>
      Math.max(...labels.map((label) => lastWordIndex(before, label)));
    const p = lastAt(PUBLISHED_LABELS);
    const u = lastAt(UPDATED_LABELS);
    if (u >= 0 && u >= p) d.label = "updated";
    else if (p >= 0) d.label = "published";
  });
}

function lastWordIndex(text: string, word: string): number {
  let at = text.lastIndexOf(word);
  while (at >= 0) {
    const before = text[at - 1];
    const after = text[at + word.length];
    if ((before === undefined || !/\p{L}/u.test(before)) && (after === undefined || !/\p{L}/u.test(after)))
      return at;
    at = text.lastIndexOf(word, at - 1);
  }
  return -1;
}

function clockTime(
  hourText: string | undefined,
  minuteText: string | undefined,
  secondText: string | undefined,
  meridiem: string | undefined,
): ClockTime | undefined {
  if (hourText === undefined || minuteText === undefined) return undefined;
  let hour = Number(hourText);
  const minute = Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  if (minute > 59 || second > 59) return undefined;
  if (meridiem === undefined) return hour > 23 ? undefined : { hour, minute, second };
  if (hour < 1 || hour > 12) return undefined;
  hour = (hour % 12) + (meridiem.toLowerCase() === "p" ? 12 : 0);
  return { hour, minute, second };
}

function zoneOffset(m: RegExpExecArray): number | undefined {
  const signed = m[1] ?? m[2];
  if (signed !== undefined) {
    const s = /^([+\-−])\s*(\d{1,2}):?(\d{2})?$/u.exec(signed);
    if (!s) return undefined;
    const hours = Number(s[2]);
    const minutes = s[3] === undefined ? 0 : Number(s[3]);
    if (hours > 14 || minutes > 59) return undefined;
    return (s[1] === "+" ? 1 : -1) * (hours * 60 + minutes);
  }
  const word = m[3]?.toLowerCase();
  return word === undefined ? undefined : ZONE_ABBREVIATIONS[word];
}

// chrono-node's strict parsers (no "today", "5 minutes ago": a page copied later would lie about those).
const CHRONO_PARSERS: readonly { name: string; parser: chrono.Chrono }[] = [
  { name: "en", parser: chrono.en.strict },
  { name: "de", parser: chrono.de.strict },
  { name: "fr", parser: chrono.fr.strict },
  { name: "es", parser: chrono.es.strict },
  { name: "ru", parser: chrono.ru.strict },
  { name: "uk", parser: chrono.uk.strict },
  { name: "pt", parser: chrono.pt.strict },
  { name: "it", parser: chrono.it.strict },
  { name: "nl", parser: chrono.nl.strict },
];

function chronoDates(text: string, options: DateReadOptions): Scan | undefined {
  const reference = new Date(options.reference);
  const timezones = Object.fromEntries(
    Object.entries(ZONE_ABBREVIATIONS).map(([name, minutes]) => [name.toUpperCase(), minutes]),
  );
  for (const { name, parser } of CHRONO_PARSERS) {
    let results: chrono.ParsedResult[];
    try {
      results = parser.parse(text, { instant: reference, timezone: 0 }, { timezones });
    } catch {
      continue;
    }
    const dates: Found[] = [];
    const spans: [number, number][] = [];
    for (const r of results) {
      const s = r.start;
      if (!s.isCertain("day") || !s.isCertain("month")) continue;
      const yearless = !s.isCertain("year");
      // `1/1`, `3/4`: a score, a page count or a fraction far more often than a year-less date.
      if (yearless && !/\p{L}/u.test(r.text)) continue;
      const date = calendar(
        s.get("year") ?? undefined,
        s.get("month") ?? undefined,
        s.get("day") ?? undefined,
        yearless,
      );
      if (!date) continue;
      const found: Found = { date, start: r.index, end: r.index + r.text.length };
      if (s.isCertain("hour")) {
        found.time = { hour: s.get("hour") ?? 0, minute: s.get("minute") ?? 0, second: s.get("second") ?? 0 };
        if (s.isCertain("timezoneOffset")) found.offset = s.get("timezoneOffset") ?? 0;
      }
      dates.push(found);
      spans.push([found.start, found.end]);
    }
    if (dates.length > 0) {
      attachLabels(text.toLowerCase(), dates);
      return { dates, spans, rule: `chrono-node ${name}` };
    }
  }
  return undefined;
}

/** True when what is left of the line after removing dates, times, labels, weekdays and counters is short. */
function dominated(text: string, spans: readonly [number, number][]): boolean {
  let rest = "";
  let at = 0;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (s > at) rest += text.slice(at, s);
    rest += " ";
    at = Math.max(at, e);
  }
  rest += text.slice(at);
  let lower = rest.toLowerCase();
  for (const label of [...PUBLISHED_LABELS, ...UPDATED_LABELS].sort((a, b) => b.length - a.length))
    lower = lower.split(label).join(" ");
  const words = lower
    .split(/[^\p{L}\p{N}'ʼ]+/u)
    .filter((w) => w !== "" && !WEEKDAYS.has(w) && !/^\d+$/.test(w) && !(w in ZONE_ABBREVIATIONS))
    // Counter words that share a line with the date (`12:30 | 1234 views | 4 comments`).
    .filter(
      (w) =>
        !/^(views?|просмотр\p{L}*|переглядів|դիտում\p{L}*|comments?|коммент\p{L}*|at|в|о|à|um|a|las|le|el|de|г|թ|by||pm|am)$/u.test(
          w,
        ),
    );
  return words.length <= MAX_LEFTOVER_WORDS && words.join(" ").length <= 40;
}

function instantOf(found: Found, zone: Zone, reference: string): string | undefined {
  const time = found.time ?? { hour: 0, minute: 0, second: 0 };
  const effective = found.offset !== undefined ? FixedOffsetZone.instance(found.offset) : zone;
  let { year } = found.date;
  if (found.date.yearless) {
    // The latest such date not after the reference (a page stored on 4 March that says `3 Mar`).
    const ref = DateTime.fromISO(reference, { zone: effective });
    if (!ref.isValid) return undefined;
    year = ref.year;
    const candidate = DateTime.fromObject(
      { year, month: found.date.month, day: found.date.day, ...time },
      { zone: effective },
    );
    if (candidate.isValid && candidate.toMillis() > ref.toMillis() + 86_400_000) year -= 1;
  }
  const local = DateTime.fromObject(
    { year, month: found.date.month, day: found.date.day, ...time, millisecond: 0 },
    { zone: effective },
  );
  if (!local.isValid) return undefined;
  const utc = local.toUTC();
  if (utc.year < 1000 || utc.year > 9999) return undefined;
  return utc.toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
