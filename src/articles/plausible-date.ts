import type { ParseContext } from "./article.js";

/** Why a publication date is implausible, or undefined when it is fine. */
export function implausibleDate(iso: string, ctx: ParseContext): string | undefined {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return `unreadable date ${iso}`;
  if (new Date(at).getUTCFullYear() < ctx.minYear)
    return `date ${iso} is before ${ctx.minYear} (minYear); probably a misread date line`;
  const limit = Date.parse(ctx.now) + ctx.futureToleranceHours * 3_600_000;
  if (at > limit)
    return `date ${iso} is in the future (more than ${ctx.futureToleranceHours} h after this run); check the source's time zone or date line`;
  return undefined;
}
