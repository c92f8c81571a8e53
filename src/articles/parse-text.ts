import { paragraphsToHtml } from "../markup/html.js";
import type { Article, ParseContext, ParseResult } from "./article.js";
import { cleanCategories, folderCategories, implausibleDate, MAX_TITLE_LENGTH } from "./checks.js";
import {
  cleanLine,
  compileCruft,
  isCruft,
  normalizeText,
  summarize,
  truncateAtWord,
  viewCount,
} from "./clean.js";
import { parseDateLine } from "./dates.js";
import { articleId, slugForKey } from "./ids.js";

/** How far into the file the date line may stand (it is the first or second line in every scraped layout). */
const DATE_LINE_WINDOW = 3;

const reject = (key: string, reason: string): ParseResult => ({ ok: false, error: { key, reason } });

/**
 * The scraped-page layout of `seeds/`: a date line (before or after the title), a title line, body
 * paragraphs (blank-line or single-newline separated), then page furniture. The body ends at the first
 * cruft line: everything below it on a scraped page is navigation, not article.
 */
export function parseTextArticle(key: string, text: string, ctx: ParseContext): ParseResult {
  const lines = normalizeText(text)
    .split("\n")
    .map(cleanLine)
    .filter((line) => line.length > 0);
  if (lines.length === 0) return reject(key, "empty article (no text)");

  const dateIndex = lines.slice(0, DATE_LINE_WINDOW).findIndex((line) => parseDateLine(line, ctx.timeZone));
  let published: string | undefined;
  let updated: string | undefined;
  const used = new Set<number>();
  if (dateIndex >= 0) {
    published = parseDateLine(lines[dateIndex] as string, ctx.timeZone);
    used.add(dateIndex);
    // A second date line right after the first is the "updated" stamp some sites print.
    const next = lines[dateIndex + 1];
    const second = next === undefined ? undefined : parseDateLine(next, ctx.timeZone);
    if (second !== undefined) {
      used.add(dateIndex + 1);
      if (published !== undefined && second > published && !implausibleDate(second, ctx)) updated = second;
    }
  } else if (ctx.fallbackToModifiedTime && ctx.modifiedTime && !Number.isNaN(Date.parse(ctx.modifiedTime))) {
    published = new Date(ctx.modifiedTime).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  if (published === undefined)
    return reject(
      key,
      `no date line in the first ${DATE_LINE_WINDOW} lines (expected e.g. "15 / September / 2022 : 11-26"; first line is "${truncateAtWord(lines[0] as string, 60)}")`,
    );
  const dateProblem = implausibleDate(published, ctx);
  if (dateProblem) return reject(key, dateProblem);

  const titleIndex = lines.findIndex((_, i) => !used.has(i));
  const titleLine = lines[titleIndex];
  if (titleLine === undefined) return reject(key, "no title line (only a date was found)");
  if (titleIndex > DATE_LINE_WINDOW) return reject(key, "no title line next to the date line");

  const cruft = compileCruft(ctx.cruftPatterns);
  if (isCruft(titleLine, cruft))
    return reject(key, `the title line "${titleLine}" is page furniture, not a title`);
  const body: string[] = [];
  let views: number | undefined;
  for (let i = titleIndex + 1; i < lines.length; i++) {
    if (used.has(i)) continue;
    const line = lines[i] as string;
    if (isCruft(line, cruft)) {
      for (const rest of lines.slice(i)) views ??= viewCount(rest);
      break;
    }
    body.push(line);
  }

  let title = titleLine;
  if (Array.from(title).length > MAX_TITLE_LENGTH) {
    // A paragraph scraped into the title slot: keep all of it in the body, and a readable title.
    body.unshift(title);
    title = truncateAtWord(title, MAX_TITLE_LENGTH);
  } else if (body[0] === title) {
    body.shift();
  }

  const summary = summarize(body);
  const article: Article = {
    key,
    id: articleId(key),
    slug: slugForKey(key),
    title,
    published,
    ...(updated ? { updated } : {}),
    categories: cleanCategories(folderCategories(key)),
    ...(summary ? { summary } : {}),
    contentHtml: paragraphsToHtml(body),
    meta: views === undefined ? {} : { views },
  };
  return { ok: true, article };
}
