import * as chrono from "chrono-node";
import type { DateReadOptions } from "./date-line.js";
import { attachLabels, calendar, type Found, type Scan } from "./date-scan.js";
import { ZONE_ABBREVIATIONS } from "./date-words.js";

// chrono-node's strict parsers (no "today", "tomorrow": a page copied later would lie about those).
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

/** The tag chrono-node gives a date counted from the reference instant rather than printed on the page. */
const RELATIVE_TAG = "result/relativeDate";

export function chronoDates(text: string, options: DateReadOptions): Scan | undefined {
  // Strict parsers need a certain day and month, which a line without a numeral does not give in
  // practice (a day spelled "first" is not a news date line); skipping them spares running nine
  // languages' parsers over every body paragraph (a fifth of a first run's CPU, issue 8's profile).
  if (!/\d/u.test(text)) return undefined;
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
      // Strict mode still reads "3 days ago" and "in 2 weeks", counted from the reference (the stored
      // object's modified time): a page copied a week after it was scraped would be dated a week late.
      // An absolute date elsewhere on the page, or the object's own time, is the honest answer.
      if (r.tags().has(RELATIVE_TAG)) continue;
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
