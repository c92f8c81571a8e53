import type { CompiledPatterns } from "./cruft-patterns.js";
import { isCruft } from "./furniture.js";
import type { PageReading } from "./line-roles.js";

type Line = PageReading["lines"][number];

/** `13 Dec, 15:46` and `12 Dec, 21:37` have one shape: digits and words stand in the same places. */
function shape(text: string): string {
  return text.replace(/\d/gu, "0").replace(/\p{L}+/gu, "a");
}

/**
 * How many more date lines printed exactly like the article's own (same shape, other text) follow its
 * body with no heading between. A topic or section page is a column of teasers, each under its own date:
 * the "article" read off it is the first teaser, and its date line only the first of the series. A dated
 * list under a heading (`Latest news`) after a short article is that article's trailer, and counts 0.
 */
export function datesLikeTheHeadAfterBody(lines: readonly Line[], cruft: CompiledPatterns): number {
  const first = lines.findIndex((line) => line.role === "body");
  if (first < 0) return 0;
  const head = lines.slice(0, first).findLast((line) => line.role === "date")?.text;
  if (head === undefined) return 0;
  const headShape = shape(head);
  const last = lines.findLastIndex((line) => line.role === "body");
  const series = new Set<string>();
  for (const line of lines.slice(last + 1)) {
    const like = line.role === "date" && line.text !== head && shape(line.text) === headShape;
    if (like) series.add(line.text);
    else if (series.size === 0 && isCruft(line.text, cruft)) return 0;
  }
  return series.size;
}
