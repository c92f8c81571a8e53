import { paragraphsToHtml } from "../markup/html.js";
import type { Article, ParseContext, ParseResult } from "./article.js";
import { cleanCategories, folderCategories } from "./categories.js";
import { articleId, slugForKey } from "./ids.js";
import { implausibleDate } from "./plausible-date.js";
import { compilePatterns } from "./reading/cruft-patterns.js";
import { detectLanguage, differentLanguage } from "./reading/language.js";
import { type PageReading, readPage } from "./reading/line-roles.js";
import { datesLikeTheHeadAfterBody } from "./reading/teaser-series.js";
import { MAX_TITLE_LENGTH } from "./reading/title.js";
import { normalizeText, summarize, truncateAtWord } from "./text.js";

/** Dated teasers of this many different days, with little text, make a page an index, not an article. */
const INDEX_PAGE_DAYS = 6;

const reject = (key: string, reason: string): ParseResult => ({ ok: false, error: { key, reason } });

const validInstant = (iso: string | undefined): iso is string =>
  iso !== undefined && !Number.isNaN(Date.parse(iso));

const toSecond = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The line-role reading of a stored `.txt` page (also what `feed-publisher explain` prints). */
export function readTextPage(text: string, ctx: ParseContext): PageReading {
  return readPage(normalizeText(text).split("\n"), {
    dates: {
      timeZone: ctx.timeZone,
      dateOrder: ctx.dateOrder ?? "DMY",
      // Year-less dates (`3 Mar`) resolve to the latest such date not after the stored object's time.
      reference: validInstant(ctx.modifiedTime) ? ctx.modifiedTime : ctx.now,
    },
    cruft: compilePatterns(ctx.cruftPatterns),
  });
}

/**
 * A scraped page stored as text: the seed's layout (a date line, a title line, body paragraphs, page
 * furniture) and the layouts of other sites, read line by line by the line-role reader
 * (src/articles/reading/line-roles.ts; docs/reading.md lists the layouts).
 */
export function parseTextArticle(key: string, text: string, ctx: ParseContext): ParseResult {
  const reading = readTextPage(text, ctx);
  if (reading.lines.length === 0) return reject(key, "empty article (no text)");
  if (reading.errorPage !== undefined)
    return reject(
      key,
      `no article text: the page is an error page (it says "${truncateAtWord(reading.errorPage, 60)}")`,
    );
  // A list of dated teasers with little text of its own is an index page (a topic or section front).
  if (
    reading.body.length <= 3 &&
    ((reading.datedDays >= INDEX_PAGE_DAYS && !reading.datedHead) ||
      datesLikeTheHeadAfterBody(reading.lines, compilePatterns(ctx.cruftPatterns)) >= INDEX_PAGE_DAYS)
  )
    return reject(
      key,
      `no article text: an index of other articles (dates of ${reading.datedDays} different days, ${reading.body.length} paragraph(s) of text)`,
    );
  if (reading.title === undefined)
    return reject(key, reading.titleProblem ?? "no title line (no headline-like line found)");
  if (reading.body.length === 0)
    return reject(
      key,
      `no article text: no paragraph after the title "${truncateAtWord(reading.title, 60)}" (a JavaScript stub, an empty page or navigation only)`,
    );

  let published = reading.published;
  let undated = false;
  if (published === undefined) {
    const policy = ctx.undated ?? (ctx.fallbackToModifiedTime ? "modified-time" : "reject");
    if (policy === "modified-time" && validInstant(ctx.modifiedTime)) published = toSecond(ctx.modifiedTime);
    else if (policy === "first-seen") {
      // No publication date is invented: the item carries none; this instant only orders it and fills
      // Atom's required <updated>. It is the time the publisher first saw the key, kept in the run state.
      published = toSecond(validInstant(ctx.firstSeen) ? ctx.firstSeen : ctx.now);
      undated = true;
    }
  }
  if (published === undefined) return reject(key, reading.dateProblem ?? "no date line found");
  const dateProblem = implausibleDate(published, ctx);
  if (dateProblem) return reject(key, dateProblem);
  let updated = reading.updated;
  if (updated !== undefined && (updated <= published || implausibleDate(updated, ctx) || undated))
    updated = undefined;

  const body = [...reading.body];
  let title = reading.title;
  if (Array.from(title).length > MAX_TITLE_LENGTH) {
    // A paragraph scraped into the title slot: keep all of it in the body, and a readable title.
    body.unshift(title);
    title = truncateAtWord(title, MAX_TITLE_LENGTH);
  }

  const language = ctx.sourceLanguage ?? (ctx.detectLanguage ? detectLanguage(body.join("\n")) : undefined);
  const summary = summarize(body);
  const article: Article = {
    key,
    id: articleId(key),
    slug: slugForKey(key),
    title,
    published,
    ...(updated ? { updated } : {}),
    ...(undated ? { undated: true as const } : {}),
    ...(language && differentLanguage(language, ctx.language) ? { language } : {}),
    categories: cleanCategories(folderCategories(key)),
    ...(summary ? { summary } : {}),
    contentHtml: paragraphsToHtml(body),
    meta: reading.views === undefined ? {} : { views: reading.views },
  };
  return { ok: true, article };
}
