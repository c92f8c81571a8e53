import type { DateReadOptions } from "./date-line.js";
import { MONTHS, PUBLISHED_LABELS, UPDATED_LABELS, ZONE_ABBREVIATIONS } from "./date-words.js";

/**
 * The date scanner: numeric dates and month names in the languages we read, with the times, zones and
 * labels around them.
 */

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

export interface Found {
  date: CalendarDate;
  start: number;
  end: number;
  time?: ClockTime;
  /** Minutes east of UTC, when the line prints a zone or offset. */
  offset?: number;
  label?: "published" | "updated";
}

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
export const TIME =
  /(?<![\d.:])(\d{1,2})\s*(?:[:h]|\.(?=\d{2}(?!\d|\.\d)))\s*(\d{2})(?:\s*:\s*(\d{2}))?(?!\d)(?:\s*([ap])\.?\s*m\b\.?)?/giu;
export const ZONE_AFTER_TIME =
  /^\s*(?:uhr\s*)?\(?\s*(?:(?:utc|gmt)\s*([+\-−]\s*\d{1,2}(?::?\d{2})?)|([+\-−]\d{2}:?\d{2})|([\p{L}]{1,5})(?!\p{L}))\)?/iu;

export interface Scan {
  dates: Found[];
  spans: [number, number][];
  rule: string;
}

export function scanDates(text: string, options: DateReadOptions): Scan | undefined {
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

export function calendar(
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
export function attachLabels(text: string, dates: Found[]): void {
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

export function zoneOffset(m: RegExpExecArray): number | undefined {
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
