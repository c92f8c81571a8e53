import { DateTime } from "luxon";
import * as z from "zod";
import {
  firstParagraphText,
  htmlToPlainText,
  paragraphsToHtml,
  sanitizeArticleHtml,
} from "../markup/html.js";
import { absoluteUrl } from "../markup/urls.js";
import type { Article, ParseContext, ParseResult } from "./article.js";
import { cleanCategories, folderCategories } from "./categories.js";
import { parseDateLine } from "./dates.js";
import { articleId, slugForKey } from "./ids.js";
import { implausibleDate } from "./plausible-date.js";
import { MAX_TITLE_LENGTH } from "./reading/title.js";
import { normalizeText, summarize, truncateAtWord } from "./text.js";

/**
 * The fields of a `.json` article and of a `.md` article's front matter (documented in README).
 * Unknown fields are ignored: scrapers add their own bookkeeping.
 */
export const structuredArticleSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).optional(),
  url: z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" }).optional(),
  title: z.string({ message: "is required (a string)" }),
  published: z.union([z.string(), z.date()], { message: "is required (a date string)" }),
  updated: z.union([z.string(), z.date()]).optional(),
  author: z.union([z.string(), z.object({ name: z.string() })]).optional(),
  categories: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  summary: z.string().optional(),
  content_html: z.string().optional(),
  content_text: z.string().optional(),
  image: z.string().optional(),
});

const reject = (key: string, reason: string): ParseResult => ({ ok: false, error: { key, reason } });

/** Whole seconds, so ISO strings of the same shape compare in time order. */
const isoSeconds = (dt: DateTime) =>
  dt.toUTC().set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) as string;

/** A date from structured input: ISO 8601 (local times are in the source's zone) or any date-line shape. */
function structuredDate(value: string | Date, timeZone: string): string | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : isoSeconds(DateTime.fromJSDate(value));
  const iso = DateTime.fromISO(value.trim(), { zone: timeZone });
  if (iso.isValid) return isoSeconds(iso);
  const rfc = DateTime.fromRFC2822(value.trim(), { zone: timeZone });
  if (rfc.isValid) return isoSeconds(rfc);
  return parseDateLine(value, timeZone);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `field "${issue.path.join(".")}" ${issue.message}` : issue.message))
    .join("; ");
}

const oneLine = (text: string) => normalizeText(text).replace(/\s+/g, " ").trim();

/**
 * Validates structured fields (already read from JSON or front matter) into an Article.
 * `bodyHtml` is the Markdown body rendered to HTML, when there is one. (One function on purpose: each
 * field is checked in the order a reader of the README expects, and every rejection reads top to bottom.)
 */
export function articleFromFields(
  key: string,
  raw: unknown,
  ctx: ParseContext,
  bodyHtml?: string,
): ParseResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return reject(key, "expected an object with title and published fields");
  // Every problem at once: the value checks below run on each field whose type is right even when another
  // field's type is wrong, so fixing a file takes one cycle, not one per bad field (issue 10 item 10).
  const problems: string[] = [];
  const parsed = structuredArticleSchema.safeParse(raw);
  if (!parsed.success) problems.push(describeIssues(parsed.error));
  const given = raw as Partial<Record<keyof z.infer<typeof structuredArticleSchema>, unknown>>;
  const isDateInput = (value: unknown): value is string | Date =>
    typeof value === "string" || value instanceof Date;

  // Exports from CMSs often carry markup and entities in titles; a title is plain text everywhere.
  let title = typeof given.title === "string" ? htmlToPlainText(normalizeText(given.title)) : "";
  if (typeof given.title === "string" && !title) problems.push('field "title" is empty');
  let published: string | undefined;
  if (isDateInput(given.published)) {
    published = structuredDate(given.published, ctx.timeZone);
    const dateProblem = published
      ? implausibleDate(published, ctx)
      : `field "published" is not a date: "${String(given.published)}"`;
    if (dateProblem) problems.push(dateProblem);
  }
  const updated = isDateInput(given.updated) ? structuredDate(given.updated, ctx.timeZone) : undefined;
  if (isDateInput(given.updated) && !updated)
    problems.push(`field "updated" is not a date: "${String(given.updated)}"`);
  if (!parsed.success || problems.length > 0 || !published) return reject(key, problems.join("; "));
  const fields = parsed.data;

  const textParagraphs = fields.content_text
    ? normalizeText(fields.content_text)
        .split(/\n\s*\n|\n/)
        .map(oneLine)
        .filter(Boolean)
    : [];
  let contentHtml =
    bodyHtml !== undefined
      ? sanitizeArticleHtml(bodyHtml, ctx.baseUrl)
      : fields.content_html !== undefined
        ? sanitizeArticleHtml(fields.content_html, ctx.baseUrl)
        : paragraphsToHtml(textParagraphs);
  if (Array.from(title).length > MAX_TITLE_LENGTH) {
    contentHtml = `${paragraphsToHtml([title])}\n${contentHtml}`;
    title = truncateAtWord(title, MAX_TITLE_LENGTH);
  }

  const summary = fields.summary
    ? truncateAtWord(oneLine(fields.summary), 1000)
    : summarize(textParagraphs.length ? textParagraphs : [firstParagraphText(contentHtml)]);
  const author = typeof fields.author === "string" ? fields.author : fields.author?.name;
  const image = fields.image ? absoluteUrl(fields.image, ctx.baseUrl) : undefined;
  const article: Article = {
    key,
    id: articleId(key, fields.id === undefined ? undefined : String(fields.id)),
    slug: slugForKey(key),
    ...(fields.url ? { url: fields.url } : {}),
    title,
    published,
    // An implausible update time (e.g. 2099) would pin the feed's `updated` forever: it is ignored.
    ...(updated && updated > published && !implausibleDate(updated, ctx) ? { updated } : {}),
    ...(author && oneLine(author) ? { author: oneLine(author) } : {}),
    categories: cleanCategories([
      ...(fields.categories ?? []),
      ...(fields.tags ?? []),
      ...folderCategories(key),
    ]),
    ...(summary ? { summary } : {}),
    contentHtml,
    ...(image ? { image } : {}),
    meta: {},
  };
  return { ok: true, article };
}
