import { DateTime, FixedOffsetZone, Info, type Zone } from "luxon";
import { parseDateLine } from "../dates.js";
import { chronoDates } from "./date-chrono.js";
import { type Found, scanDates, TIME, ZONE_AFTER_TIME, zoneOffset } from "./date-scan.js";
import { PUBLISHED_LABELS, UPDATED_LABELS, WEEKDAYS, ZONE_ABBREVIATIONS } from "./date-words.js";

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

/** Lines longer than this are prose, never a date line (keeps the scanners off long paragraphs). */
const MAX_DATE_LINE = 160;
/** Words left over after removing dates, times, labels, weekdays and counters that still make a date line. */
const MAX_LEFTOVER_WORDS = 4;

/**
 * Reads one line as a date line: a date (and usually a time) that dominates the line, possibly with a label
 * (`Published:`), a weekday, a zone, a counter or a short byline around it. A sentence that merely
 * mentions a date is not a date line.
 *
 * Order: the seed's exact shapes first (unchanged output for the seed), then our scanners for numeric dates
 * (the order of `03/04/2025` is a per-source setting no library knows) and for month names in the
 * languages we read (en, hy, ru, uk, ka, az, de, fr, es, ro; chrono-node has no Armenian, Georgian or
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
        !/^(views?|просмотр\p{L}*|перегляд\p{L}*|դիտում\p{L}*|comments?|коммент\p{L}*|комент\p{L}*|vizualiz\p{L}*|afișări|afişări|comentari\p{L}*|vues?|commentaires?|visitas|lecturas|aufrufe|kommentare?|visualizzazioni|commenti|visualizações|comentários|görüntülenme|yorum\p{L}*|at|в|о|à|um|a|las|le|el|de|г|թ|by||pm|am)$/u.test(
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
