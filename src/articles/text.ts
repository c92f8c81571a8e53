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
