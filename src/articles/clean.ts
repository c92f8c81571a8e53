import { stripXmlForbidden } from "../markup/xml-safe.js";

/** Canonical text: NFC, LF line ends, no characters XML forbids, no-break and other odd spaces as plain spaces. */
export function normalizeText(text: string): string {
  // NFC last: removing a control character can join a letter with its combining accent.
  return stripXmlForbidden(text.replace(/^\uFEFF/, ""))
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200B\u2060]/g, "")
    .normalize("NFC");
}

/** One line of text: inner runs of spaces collapsed, ends trimmed. */
export function cleanLine(line: string): string {
  return line.replace(/\s+/gu, " ").trim();
}

/** Compiles the configured cruft patterns once (case-insensitive, Unicode). */
const compiledCruft = new WeakMap<readonly string[], RegExp[]>();

/** Compiled once per pattern list (one list serves a whole run), not once per article. */
export function compileCruft(patterns: readonly string[]): RegExp[] {
  let compiled = compiledCruft.get(patterns);
  if (!compiled) {
    compiled = patterns.map((source) => new RegExp(source, "iu"));
    compiledCruft.set(patterns, compiled);
  }
  return compiled;
}

export const isCruft = (line: string, cruft: readonly RegExp[]) => cruft.some((re) => re.test(line));

/** A view counter line (`Viewed 2792times`, `Դիտվել է՝ 7328`, `Просмотры: 199`) → the count. */
export function viewCount(line: string): number | undefined {
  const match =
    /^(?:viewed|views?|դիտվել\s+է[՝:]?|просмотр(?:ы|ов)?|просмотрено)\s*:?\s*([\d\s,.]+?)\s*(?:times|раз|раза|անգամ)?$/iu.exec(
      line,
    );
  if (!match?.[1]) return undefined;
  const digits = match[1].replace(/\D/g, "");
  return digits ? Number(digits) : undefined;
}

const SUMMARY_LENGTH = 280;

/** The first paragraph cut at a word boundary: a plain-text summary for feed readers' list views. */
export function summarize(paragraphs: readonly string[], max = SUMMARY_LENGTH): string | undefined {
  const first = paragraphs.find((p) => p.length > 0);
  if (!first) return undefined;
  return truncateAtWord(first, max);
}

export function truncateAtWord(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
