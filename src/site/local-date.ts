const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in a time zone. Intl does the zone arithmetic (the same
 * tz data luxon uses); one cached formatter per zone makes this cheap enough to call for every article,
 * which luxon's DateTime construction was not on large sites (measured with `npm run bench`). The parts
 * are assembled by hand because a locale's display format is not stable across ICU versions
 * (https://github.com/nodejs/node/issues/45945).
 */
export function localDate(iso: string, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
