import type { Zone } from "luxon";
import { DateTime, FixedOffsetZone, Info } from "luxon";

// The scraped sources print dates in hand-rolled formats with Armenian and Russian month names
// (`15 / September / 2022 : 11-26`, `15 սեպտեմբերի 2022 թ., 11:26`, `15 сентября 2022 г., 11:26`);
// neither luxon's format tokens nor any date library reads those, so the shapes are matched here by hand
// and luxon only does the zone arithmetic, where DST rules are easy to get wrong.
//
// Two date engines, on purpose: luxon turns a printed wall-clock time in an IANA zone into an instant
// (Intl cannot parse, and cannot go from local time to UTC across DST gaps); Intl renders instants back
// to a zone's calendar date in src/site/local-date.ts, where one cached formatter per zone is much
// cheaper than a luxon DateTime per article (npm run bench). Both read the same tz data from ICU.

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

interface ClockTime {
  hour: number;
  minute: number;
  second: number;
}

const MONTH_NAMES: readonly (readonly string[])[] = [
  ["january", "jan", "հունվար", "հունվարի", "январь", "января", "янв"],
  ["february", "feb", "փետրվար", "փետրվարի", "февраль", "февраля", "фев", "февр"],
  ["march", "mar", "մարտ", "մարտի", "март", "марта", "мар"],
  ["april", "apr", "ապրիլ", "ապրիլի", "апрель", "апреля", "апр"],
  ["may", "մայիս", "մայիսի", "май", "мая"],
  ["june", "jun", "հունիս", "հունիսի", "июнь", "июня", "июн"],
  ["july", "jul", "հուլիս", "հուլիսի", "июль", "июля", "июл"],
  ["august", "aug", "օգոստոս", "օգոստոսի", "август", "августа", "авг"],
  ["september", "sep", "sept", "սեպտեմբեր", "սեպտեմբերի", "сентябрь", "сентября", "сен", "сент"],
  ["october", "oct", "հոկտեմբեր", "հոկտեմբերի", "октябрь", "октября", "окт"],
  ["november", "nov", "նոյեմբեր", "նոյեմբերի", "ноябрь", "ноября", "ноя", "нояб"],
  ["december", "dec", "դեկտեմբեր", "դեկտեմբերի", "декабрь", "декабря", "дек"],
];

const MONTHS: ReadonlyMap<string, number> = new Map(
  MONTH_NAMES.flatMap((names, index) => names.map((name) => [name, index + 1] as const)),
);

// Characters sites put between the date, the time and nothing at all.
const SEP = String.raw`\s,|:/\-–—•·`;
// `2022 г.`, `2022 года`, `2022 թ.`, `2022 թվականի`; Armenian text often uses U+2024 as the dot.
const YEAR_MARKER = String.raw`(?:\s*(?:г|года|թ|թվականի)(?!\p{L})[.․]?)?`;
// Seconds must repeat the hour-minute separator, so `11:26 - 04` is not read as 11:26:04.
const TIME = String.raw`(\d{1,2})\s*(?<sep>[:.\-])\s*(\d{2})(?:\s*\k<sep>\s*(\d{2})(?:[.,]\d+)?)?(?:\s*([ap])\.?\s*m\.?)?`;
// Only after a time, and a bare sign must touch its digits, so a trailing ` - 04` is junk, not an offset.
const OFFSET = String.raw`(?:\s*(?:utc|gmt)\s*([+\-−]\d{1,2}(?::?\d{2})?)|\s*([+\-−]\d{2}(?::?\d{2})?)|\s*(z|utc|gmt))?`;

// The date must open the line; whatever follows it must be a time and separators, nothing else,
// so a sentence that merely mentions a date is not taken for the article's date line.
const YMD = /^(\d{4})\s*([-./])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)/u;
const DMY = /^(\d{1,2})\s*([-./])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)/u;
const D_MONTH_Y = /^(\d{1,2})(?:st|nd|rd|th)?\.?\s*[-/.,]?\s*(\p{L}+)\.?\s*[-/.,]?\s*(\d{4})(?!\d)/iu;
const MONTH_D_Y = /^(\p{L}+)\.?\s*[-/.]?\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})(?!\d)/iu;
const REST_WITH_TIME = new RegExp(
  String.raw`^${YEAR_MARKER}(?:(?:t|[${SEP}]+(?:(?:at|в)\s+)?)${TIME}${OFFSET})?[${SEP}]*$`,
  "iu",
);
const TIME_FIRST = new RegExp(
  String.raw`^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s*m\.?)?[${SEP}]+`,
  "iu",
);
const REST_WITHOUT_TIME = new RegExp(`^${YEAR_MARKER}[${SEP}]*$`, "iu");

const OUTPUT_FORMAT = "yyyy-MM-dd'T'HH:mm:ss'Z'";

/**
 * Parses one line that holds a date (and usually a time) as scraped news sites print it, in the source's
 * local zone. Returns the UTC instant as ISO `YYYY-MM-DDTHH:mm:ssZ` (no milliseconds), or undefined when
 * the line is not a date line. Pure: never reads the clock.
 *
 * All-numeric dates other than ISO `YYYY-MM-DD` are read day first (`05/06/2021` is 5 June): the sources
 * are European and never print month-first dates. A date without a time is local midnight. A local time
 * that DST skips moves forward by the gap, and one that DST repeats takes the later, standard-time instant
 * (luxon's rules; the line carries nothing to tell the two apart). Years before 1000 are rejected: on a
 * news site they are placeholders such as `0000`.
 *
 * @throws RangeError when `timeZone` is not a zone name luxon knows (a configuration error, not bad input).
 */
export function parseDateLine(line: string, timeZone: string): string | undefined {
  const zone = Info.normalizeZone(timeZone);
  if (!zone.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const text = line.replace(/[\s\u200b]+/gu, " ").trim();
  if (text === "") return undefined;
  return parseDateFirst(text, zone) ?? parseTimeFirst(text, zone);
}

function parseDateFirst(text: string, zone: Zone): string | undefined {
  const found = matchDate(text);
  if (!found) return undefined;
  const rest = REST_WITH_TIME.exec(found.rest);
  if (!rest) return undefined;
  const [, hour, , minute, second, meridiem, namedOffset, bareOffset, utcMark] = rest;
  const offset = namedOffset ?? bareOffset;
  const time =
    hour === undefined || minute === undefined
      ? { hour: 0, minute: 0, second: 0 }
      : clockTime(hour, minute, second, meridiem);
  if (!time) return undefined;
  let effectiveZone: Zone = zone;
  if (offset !== undefined) {
    const fixed = fixedOffset(offset);
    if (!fixed) return undefined;
    effectiveZone = fixed;
  } else if (utcMark !== undefined) {
    effectiveZone = FixedOffsetZone.utcInstance;
  }
  return toUtc(found.date, time, effectiveZone);
}

function parseTimeFirst(text: string, zone: Zone): string | undefined {
  const head = TIME_FIRST.exec(text);
  if (!head) return undefined;
  const [matched, hour, minute, second, meridiem] = head;
  if (hour === undefined || minute === undefined) return undefined;
  const time = clockTime(hour, minute, second, meridiem);
  if (!time) return undefined;
  const found = matchDate(text.slice(matched.length));
  if (!found || !REST_WITHOUT_TIME.test(found.rest)) return undefined;
  return toUtc(found.date, time, zone);
}

function matchDate(text: string): { date: CalendarDate; rest: string } | undefined {
  let m = YMD.exec(text);
  if (m) return dated(m, m[1], m[3], m[4]);
  m = DMY.exec(text);
  if (m) return dated(m, m[4], m[3], m[1]);
  m = D_MONTH_Y.exec(text);
  if (m) return dated(m, m[3], monthNumber(m[2]), m[1]);
  m = MONTH_D_Y.exec(text);
  if (m) return dated(m, m[3], monthNumber(m[1]), m[2]);
  return undefined;
}

function dated(
  m: RegExpExecArray,
  year: string | undefined,
  month: string | number | undefined,
  day: string | undefined,
): { date: CalendarDate; rest: string } | undefined {
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const date = { year: Number(year), month: Number(month), day: Number(day) };
  if (date.year < 1000 || date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31)
    return undefined;
  return { date, rest: m.input.slice(m[0].length) };
}

function monthNumber(name: string | undefined): number | undefined {
  return name === undefined ? undefined : MONTHS.get(name.toLowerCase());
}

function clockTime(
  hourText: string,
  minuteText: string,
  secondText: string | undefined,
  meridiem: string | undefined,
): ClockTime | undefined {
  let hour = Number(hourText);
  const minute = Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  if (minute > 59 || second > 59) return undefined;
  if (meridiem === undefined) return hour > 23 ? undefined : { hour, minute, second };
  if (hour < 1 || hour > 12) return undefined;
  hour = (hour % 12) + (meridiem.toLowerCase() === "p" ? 12 : 0);
  return { hour, minute, second };
}

function fixedOffset(text: string): Zone | undefined {
  const m = /^([+\-−])(\d{1,2}):?(\d{2})?$/u.exec(text);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 23 || minutes > 59) return undefined;
  const sign = m[1] === "+" ? 1 : -1;
  return FixedOffsetZone.instance(sign * (hours * 60 + minutes));
}

function toUtc(date: CalendarDate, time: ClockTime, zone: Zone): string | undefined {
  // luxon rejects 31 February and similar; the ranges of every unit were checked before.
  const local = DateTime.fromObject({ ...date, ...time, millisecond: 0 }, { zone });
  if (!local.isValid) return undefined;
  const utc = local.toUTC();
  // An instant pushed past 9999 by its offset has no four-digit year to print.
  if (utc.year > 9999) return undefined;
  return utc.toFormat(OUTPUT_FORMAT);
}
