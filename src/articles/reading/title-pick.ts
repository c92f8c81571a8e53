import type { Body } from "./body.js";
import { type Item, mark, TITLE_SEARCH } from "./item.js";
import type { ReadOptions } from "./line-roles.js";
import { labelledTitle, MAX_HEADLINE_LENGTH, notATitle, stripSiteSuffix } from "./title.js";

/**
 * The title above the article's first paragraph: among the headline-like lines up to TITLE_SEARCH lines
 * above it, the one a reader would take: a headline's length, words shared with the opening paragraphs
 * (a photo title or a section label shares few), printed twice on the page (a `<title>` line and the
 * headline), and near the body.
 */
export function pickTitle(
  items: readonly Item[],
  start: number,
  options: ReadOptions,
): { index: number; rule: string } | undefined {
  const opening = new Set(items.slice(start, start + 4).flatMap((item) => contentWords(item.text)));
  let best: { index: number; rule: string; score: number } | undefined;
  for (let i = start - 1, distance = 0; i >= 0; i--) {
    const item = items[i] as Item;
    if (item.role !== undefined || item.date || item.furniture || item.cruft) continue;
    distance++;
    // Beyond the usual distance only a line that shares most of its words with the opening counts.
    const far = distance > TITLE_SEARCH;
    if (notATitle(item.text, options.cruft) !== undefined) continue;
    if (/[.…]$/u.test(item.text) && Array.from(item.text).length > 80) continue;
    // A short label glued to its own copy (`Send in e-mailSend in e-mail`: a button's icon text and label).
    if (/^(\S+(?:\s\S+){0,3}) ?\1$/u.test(item.text)) continue;
    const words = item.text.split(/\s+/u).length;
    const own = contentWords(item.text);
    const shared = own.length === 0 ? 0 : own.filter((w) => opening.has(w)).length / own.length;
    if (far && (best !== undefined || shared < 0.5 || words < 4)) continue;
    // Printed twice counts for a headline, not for a name (an author's photo alt text and byline).
    const twice =
      words >= 4 &&
      (items.some((other, j) => j !== i && other.text !== item.text && sameHeadline(other.text, item.text)) ||
        items.some((other, j) => j !== i && other.text === item.text));

    // A photo's caption (with its credit, or printed again with the credit appended) is no headline.
    const caption = isCaption(items, i);
    const score =
      (words >= 4 && words <= 30 ? 2 : words >= 2 ? 0.5 : 0) +
      3 * shared +
      (twice ? 2 : 0) -
      (caption ? 3 : 0) -
      0.1 * distance;
    if (!best || score > best.score)
      best = {
        index: i,
        score,
        rule: `headline above the body (${twice ? "printed twice, " : ""}${Math.round(shared * 100)}% of its words in the opening paragraphs)`,
      };
  }
  // A title cut short with an ellipsis (a teaser) printed in full elsewhere on the page.
  if (best) {
    const text = (items[best.index] as Item).text;
    const cut = /^(.{15,}?)\s*(\.\.\.|…)$/u.exec(text)?.[1];
    const full =
      cut === undefined ? -1 : items.findIndex((other) => other.text !== text && other.text.startsWith(cut));
    if (full >= 0)
      return { index: full, rule: "the full form of a headline printed cut short above the body" };
  }
  return best;
}

const CAPTION_LABEL =
  /^(image caption|photo caption|caption|подпись к фото|подпись к изображению|підпис до фото|pie de foto|légende|bildunterschrift|legenda foto|legenda|didascalia|fotoğraf altyazısı)\s*[:,]?$/iu;

function isCaption(items: readonly Item[], i: number): boolean {
  const text = (items[i] as Item).text;
  // A credit label after some text (`… earlier this year.Credit: Name`); at the start it is a rubric (`FOTO: …`).
  if (/\S\s*\b(credit|crédit|crédito|photo|foto|фото|bild|quelle)\s*:/iu.test(text)) return true;
  // An image's alt text above its credit and its caption label (`Автор фото, EPA` / `Подпись к фото,`).
  if (items.slice(i + 1, i + 3).some((other) => CAPTION_LABEL.test(other.text))) return true;
  const next = items[i + 1];
  if (!next) return false;
  return (
    next.text.startsWith(text) &&
    /^\s*[.,]?\s*(credit|crédit|crédito|photo|foto|фото|sursa|source|fuente|bild|quelle)\b/iu.test(
      next.text.slice(text.length),
    )
  );
}

function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => Array.from(w).length >= 4)
    .map((w) => Array.from(w).slice(0, 5).join(""));
}

/** `Headline | Site` and `Headline` are the same headline. */
function sameHeadline(a: string, b: string): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return (
    shorter.length >= 15 && longer.startsWith(shorter) && /^\s*[|:–—-]/u.test(longer.slice(shorter.length))
  );
}

export function takeTitle(items: readonly Item[], item: Item, slotRule: string, body: Body): string {
  let rule = slotRule;
  const label = labelledTitle(item.text);
  let raw = label ?? item.text;
  // A headline broken over two lines (a centred title in a text dump): an opened quote closes on the next.
  const next = items[items.indexOf(item) + 1];
  if (
    next &&
    next.role !== "body" &&
    !next.date &&
    unbalancedQuote(raw) &&
    !unbalancedQuote(`${raw} ${next.text}`)
  ) {
    raw = `${raw} ${next.text}`;
    mark(next, "title", "second line of the headline");
  }
  // A headline cut short with an ellipsis (a teaser or a narrow title slot) printed in full elsewhere.
  const cutShort = /^(.{15,}?)\s*(\.\.\.|…)$/u.exec(raw)?.[1];
  const full =
    cutShort === undefined
      ? undefined
      : items.find((other) => other.text.length > raw.length && other.text.startsWith(cutShort));
  if (full && Array.from(full.text).length <= MAX_HEADLINE_LENGTH) {
    raw = full.text;
    rule = `${rule}; the full form printed on line ${full.line}`;
  }
  // A headline glued to its own copy (`HeadlineHeadline`: a link's text and its image's alt run together).
  raw = onceIfDoubled(raw);
  const others = items.filter((other) => other !== item && other.role !== "body").map((other) => other.text);
  const title = stripSiteSuffix(raw, others);
  mark(item, "title", title !== raw ? `${rule}; site name removed` : rule);
  // The title printed again as the first body line (in full, or cut short with an ellipsis).
  const first = body.paragraphs[0];
  const cut = first === undefined ? undefined : /^(.{15,}?)\s*(\.\.\.|…)$/u.exec(first)?.[1];
  if (
    first !== undefined &&
    (stripSiteSuffix(first, others) === title || (cut !== undefined && title.startsWith(cut)))
  ) {
    body.paragraphs.shift();
    const again = items.find((other) => other.role === "body" && other.text === first);
    if (again) mark(again, "skipped", "the title printed again");
  }
  return title;
}

/** `XX` or `X X` → `X`, for a headline `X` of a few words; in linear time (titles may be any length). */
function onceIfDoubled(text: string): string {
  for (const gap of [0, 1]) {
    if ((text.length - gap) % 2 !== 0) continue;
    const half = (text.length - gap) / 2;
    const first = text.slice(0, half);
    if (
      half >= 15 &&
      /\s/u.test(first) &&
      text.slice(half + gap) === first &&
      (gap === 0 || text[half] === " ")
    )
      return first;
  }
  return text;
}

function unbalancedQuote(text: string): boolean {
  const count = (c: string) => text.split(c).length - 1;
  return count("«") !== count("»") || count("“") !== count("”") || count("„") > count("“") + count("”");
}
