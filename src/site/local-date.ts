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

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/** Local wall-clock parts of an instant in a zone (hour 00–23), assembled by hand for the reason above. */
function localParts(iso: string, timeZone: string): Record<string, number> {
  let formatter = dateTimeFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    dateTimeFormatters.set(timeZone, formatter);
  }
  return Object.fromEntries(
    formatter.formatToParts(new Date(iso)).map((p) => [p.type, Number(p.value)] as const),
  );
}

const two = (n: number | undefined) => String(n ?? 0).padStart(2, "0");

/**
 * An instant as the site's readers see it: `2022-09-15 11:26 UTC+4`. The offset is computed from the
 * local parts rather than taken from Intl's zone names, whose spelling varies between ICU versions.
 */
export function localDateTime(iso: string, timeZone: string): { date: string; time: string; offset: string } {
  const p = localParts(iso, timeZone);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day, p.hour, p.minute, p.second);
  const instant = Math.floor(new Date(iso).getTime() / 1000) * 1000;
  const minutes = Math.round((asUtc - instant) / 60_000);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const offset =
    minutes === 0 ? "UTC" : `UTC${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${two(abs % 60)}` : ""}`;
  return {
    date: `${p.year}-${two(p.month)}-${two(p.day)}`,
    time: `${two(p.hour)}:${two(p.minute)}`,
    offset,
  };
}
