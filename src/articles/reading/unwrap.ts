import { isSoftCruft } from "./furniture.js";

/** A rule: `______` or `-----` (lynx prints <hr> so), not a wrapped line of punctuation such as `» !`. */
const RULE = /^[-_=*~·•—–\s]{3,}$/u;

/**
 * Text dumps made by terminal browsers (`lynx -dump`) wrap paragraphs at a fixed width; such a page's
 * lines are joined back into paragraphs: a line continues the one above when the one above was full
 * (the next word would not have fitted). A page with one paragraph per line has no fixed width and is
 * left alone. Blank lines and rules (`_____`) always separate. The heading of a list of other articles
 * (`See also`, `Смотри также`) stands on a line of its own: it never continues the line above (a caption
 * that happened to fill its line), and the line after it never continues it.
 */
export function unwrap(rawLines: readonly string[]): { text: string; line: number }[] {
  const width = wrapWidth(rawLines);
  const out: { text: string; line: number }[] = [];
  let previous: string | undefined;
  rawLines.forEach((raw, index) => {
    // `* * * Text`: a text browser's rendering of a section break before a paragraph.
    const collapsed = raw.replace(/\s+/gu, " ").trim();
    const text = collapsed.replace(/^(\*\s+){2,}(?=\S)|^\*{3,}\s*(?=\S)/u, "");
    const sectionBreak = text !== collapsed;
    if (text === "") {
      previous = undefined;
      return;
    }
    const firstWord = text.split(" ")[0] as string;
    const heading = text.length <= 60 && isSoftCruft(text);
    const rule = RULE.test(text);
    const continues =
      width !== undefined &&
      !heading &&
      // A rule (`______`, lynx's <hr>) is one long "word" that never fits on the line above, yet it is no
      // continuation of it: a headline ended by a rule would take the rule in.
      !rule &&
      previous !== undefined &&
      !sectionBreak &&
      Array.from(previous).length + 1 + Array.from(firstWord).length > width - 10 &&
      // A finished sentence on a line that was not quite full ends its paragraph.
      !(
        /[.!?…]$/u.test(previous) &&
        Array.from(previous).length + 1 + Array.from(firstWord).length <= width - 3
      ) &&
      !/^([*+•#]|\d+\.|\[\d+\])\s/u.test(text) &&
      // A sentence ended by a word (not an abbreviation) is followed by a capital: a line starting in
      // lowercase after it is another block (a tag line), not the paragraph's next sentence.
      !(/\p{L}{4}[.!?]$/u.test(previous) && /^\p{Ll}/u.test(text));
    const last = out[out.length - 1];
    if (continues && last) last.text = `${last.text} ${text}`;
    else out.push({ text, line: index + 1 });
    previous = heading || rule ? undefined : raw.replace(/\s+$/u, "");
  });
  return out;
}

/** The fixed width a page is wrapped at, or undefined when it is not wrapped. */
function wrapWidth(rawLines: readonly string[]): number | undefined {
  const lengths = rawLines
    .map((raw) => Array.from(raw.replace(/\s+$/u, "")).length)
    .filter((n) => n >= 40)
    .sort((a, b) => a - b);
  if (lengths.length < 10) return undefined;
  const width = lengths[Math.floor(lengths.length * 0.95)] as number;
  if (width > 100) return undefined;
  const nearWidth = lengths.filter((n) => n >= width - 15).length;
  return nearWidth >= lengths.length * 0.4 ? width : undefined;
}
