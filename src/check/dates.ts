// Date formats of the feed specifications, read from the specs (not from our renderers).

/** RFC 3339 §5.6 date-time (Atom, JSON Feed); Date.parse alone would also take RFC 822 and bare dates. */
export function isRfc3339(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/.exec(
    value,
  );
  if (match === null) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = match[9] === undefined || (Number(match[9]) <= 23 && Number(match[10]) <= 59);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    offsetOk
  );
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * RFC 822 §5 date-time as RSS 2.0 requires it (four-digit years accepted, as the RSS profile advises), and
 * a real date: the weekday, when given, must be that date's weekday.
 */
export function isRfc822(value: string): boolean {
  const match =
    /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}|\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-]\d{4}|UT|GMT|[ECMP][SD]T|[A-IK-Z])$/.exec(
      value,
    );
  if (match === null) return false;
  const [, weekday, dayText, monthName, yearText, hour, minute, second] = match;
  const year = Number(yearText) + (yearText?.length === 2 ? 1900 : 0);
  const month = MONTHS.indexOf(monthName as string);
  const day = Number(dayText);
  const date = new Date(Date.UTC(year, month, day));
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return false;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 60) return false;
  return weekday === undefined || DAYS[date.getUTCDay()] === weekday;
}
