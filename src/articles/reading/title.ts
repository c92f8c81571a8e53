import type { CompiledPatterns } from "./cruft-patterns.js";
import { isBreadcrumbLine, isCruft, isFurnitureLine, isWidgetLine } from "./furniture.js";

export const MAX_TITLE_LENGTH = 300;
/** Longer than this, a line is a paragraph, not a headline. */
export const MAX_HEADLINE_LENGTH = 250;

/**
 * Why a line cannot be a title, or undefined when it can. A title is never a date line (checked by the
 * caller, who knows the dates), a separator, a breadcrumb, a counter, a widget, page furniture or a
 * one-word navigation label (`more`, `Monday`, `Politics`).
 */
export function notATitle(line: string, cruft: CompiledPatterns): string | undefined {
  if (isCruft(line, cruft)) return "page furniture (cruft pattern)";
  const furniture = isFurnitureLine(line);
  if (furniture) return furniture;
  if (isBreadcrumbLine(line)) return "breadcrumb";
  if (isWidgetLine(line)) return "widget";
  if (!/\s/u.test(line.trim()) && Array.from(line).length < 20) return "one-word navigation label";
  if (Array.from(line).length > MAX_HEADLINE_LENGTH) return "too long for a headline";
  if (/^[\p{P}\p{S}\d\s]+$/u.test(line)) return "no words";
  // A list item (a menu entry) or a text browser's rendering of a form control or image.
  if (/^([*+•·▪‣◦-]|\d+\.)\s/u.test(line)) return "list item";
  if (/^[[(]|^(REFRESH|IFRAME|Link)\b|\[(INS|IMG|BUTTON|text|image)\b|\((BUTTON|IMG)\)/iu.test(line))
    return "markup artifact";
  // `Haaretz | Israel News`, `BBC | Home`: a site's name and tagline (a headline's pipe suffix follows a
  // headline of several words).
  if (/^[^|]+\|[^|]+$/u.test(line) && line.split("|").every((part) => part.trim().split(/\s+/u).length <= 3))
    return "site name and tagline";
  // A label in capitals (`VOIR OU REVOIR L'EMISSION`, `LATEST`): headlines are not set in capitals.
  if (/\p{Lu}{2}/u.test(line) && line === line.toUpperCase() && line.split(/\s+/u).length <= 6)
    return "label in capitals";
  return undefined;
}

/** `Title: Some headline` in a record header (`==== … Title: … Date: …`) → the headline. */
export function labelledTitle(line: string): string | undefined {
  const m =
    /(?:^|[\s=|#*-])(?:title|headline|заголовок|название|վերնագիր|სათაური|başlıq|titel|titre|título|titulo)\s*[:：=]\s*(.+?)(?=\s+(?:date|url|link|source|author|published|updated|language|lang|id|category|дата|ամսաթիվ)\s*[:：=]|\s*={2,}\s*$|$)/iu.exec(
      line,
    );
  const title = m?.[1]?.trim();
  return title ? title : undefined;
}

/** `Date: 3 March 2025` inside a record header line → `3 March 2025` (for the date reader). */
export function labelledDateText(line: string): string | undefined {
  const m =
    /(?:^|[\s=|#*-])(?:date|published|pubdate|дата|ամսաթիվ|თარიღი|tarix|datum|fecha)\s*[:：=]\s*(.+?)(?=\s+(?:title|url|link|source|author|language|lang|id|category)\s*[:：=]|\s*={2,}\s*$|$)/iu.exec(
      line,
    );
  return m?.[1]?.trim() || undefined;
}

const SUFFIX_SEPARATORS = [" | ", " :: ", " — ", " – ", " - ", " · "];

/**
 * Removes a site name appended to a title (`Headline | Site`, `Headline - Site`). A pipe, `::` or `·`
 * suffix is always a site name; a dash suffix only when it reads like a site (a domain, or a name the page
 * prints elsewhere, e.g. in its copyright line), since `Armenia - Azerbaijan talks` is a whole title.
 */
export function stripSiteSuffix(title: string, otherLines: readonly string[]): string {
  for (const separator of SUFFIX_SEPARATORS) {
    const at = title.lastIndexOf(separator);
    if (at <= 0) continue;
    const head = title.slice(0, at).trim();
    const suffix = title.slice(at + separator.length).trim();
    if (suffix === "" || suffix.split(/\s+/).length > 5 || head.split(/\s+/).length < 2) continue;
    // A dash inside a quotation (`«Mental health – a network»`) is not a site suffix.
    if ((head.match(/[«“„]/gu)?.length ?? 0) > (head.match(/[»”]/gu)?.length ?? 0)) continue;
    const strong = separator === " | " || separator === " :: " || separator === " · ";
    const domain = /\.[a-z]{2,6}$/iu.test(suffix);
    const lower = suffix.toLowerCase();
    const elsewhere = otherLines.some((line) => line !== title && line.toLowerCase().includes(lower));
    if (strong || domain || elsewhere) return head;
  }
  return title;
}
