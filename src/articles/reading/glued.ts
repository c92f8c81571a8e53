/**
 * Some scrapers drop every paragraph break and join the page's blocks without a space: `his memory.But
 * Democrats`, `2024 ElectionCould Democrats`, `/ APPrintFeb. 9, 2024`. A long line with many such glue
 * points is such a page; it is cut back into blocks at them. A normal paragraph has none (a sentence ends
 * before a space), so pages with their breaks are never touched.
 */

/**
 * A sentence end glued to the next sentence: `memory.But`, `nominee?It`, `her.”Still`, `DNC.That` (two letters or
 * digits before the stop, so `U.S.Army` stays whole).
 */
const SENTENCE_GLUE = /(?<=[\p{L}\p{N}]{2}[.!?]["”’»]?)(?=\p{Lu}\p{Ll})/gu;
/**
 * A word glued to the next block's first word: `ElectionCould`, `KamisarWashington`, `UTCBy`, `APPrint`.
 * The left part has three letters or more, so `McDonald` and `DeSantis` stay whole.
 */
const WORD_GLUE = /(?<=(?:^|[^\p{L}])\p{L}{2,}\p{Ll})(?=\p{Lu}\p{Ll}{2})|(?<=\p{Lu}{2})(?=\p{Lu}\p{Ll})/gu;
/** This long, with this many sentence glue points, a line is a page that lost its breaks. */
const GLUED_LENGTH = 1500;
const GLUE_POINTS = 5;

export function splitGlued<T extends { text: string }>(block: T): T[] {
  if (block.text.length < GLUED_LENGTH) return [block];
  const glued = block.text.match(SENTENCE_GLUE)?.length ?? 0;
  if (glued < GLUE_POINTS) return [block];
  return block.text
    .split(SENTENCE_GLUE)
    .flatMap((part) => part.split(WORD_GLUE))
    .map((text) => text.trim())
    .filter((text) => text !== "")
    .map((text) => ({ ...block, text }));
}
