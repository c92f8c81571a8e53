import type { Article, ParseContext, ParseResult } from "../../src/articles/article.js";
import { articleId, slugForKey } from "../../src/articles/ids.js";
import { DEFAULT_CRUFT_PATTERNS } from "../../src/config.js";

/** A fresh ParseContext per call (never shared, so no test can leak a change into another). */
export function parseContext(overrides: Partial<ParseContext> = {}): ParseContext {
  return {
    timeZone: "Asia/Yerevan",
    cruftPatterns: [...DEFAULT_CRUFT_PATTERNS],
    baseUrl: "https://news.example/",
    now: "2026-11-29T00:00:00Z",
    futureToleranceHours: 48,
    minYear: 1990,
    fallbackToModifiedTime: false,
    ...overrides,
  };
}

export interface ScrapedTextOptions {
  /** The date line; `null` leaves it out. */
  date?: string | null;
  /** The title line; `null` leaves it out. */
  title?: string | null;
  paragraphs?: readonly string[];
  /** Page furniture printed below the article (view counter, "Latest news", sidebar headlines). */
  cruft?: readonly string[];
  /** Line ending of the whole file. */
  eol?: "\n" | "\r\n" | "\r";
  /** Prefix a UTF-8 byte order mark. */
  bom?: boolean;
  /** Blank line between paragraphs (the seed's layout) or single newlines. */
  blankLines?: boolean;
  /** Put the title line before the date line. */
  titleFirst?: boolean;
  /** End the file with a line ending. */
  finalNewline?: boolean;
}

export const SEED_DATE_LINE = "15 / September / 2022 : 11-26";

/** Text in the scraped-page layout of `seeds/000_835090aee9fb4387.txt`, built from parts. */
export function scrapedText(options: ScrapedTextOptions = {}): string {
  const {
    date = SEED_DATE_LINE,
    title = "A sample title",
    paragraphs = ["First paragraph of the body.", "Second paragraph of the body."],
    cruft = ["Viewed 12times", "Latest news"],
    eol = "\n",
    bom = false,
    blankLines = true,
    titleFirst = false,
    finalNewline = true,
  } = options;
  const head = [date, title].filter((line): line is string => line !== null);
  if (titleFirst) head.reverse();
  const separator = blankLines ? eol + eol : eol;
  const blocks = [...head, ...paragraphs].join(separator);
  const tail = cruft.length ? eol + cruft.join(eol) : "";
  return `${bom ? "\uFEFF" : ""}${blocks}${tail}${finalNewline ? eol : ""}`;
}

/** UTF-8 bytes of a text, as a store would hand them over. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A parsed Article for tests of later stages; id and slug follow the key unless overridden. */
export function article(overrides: Partial<Article> & { key?: string } = {}): Article {
  const key = overrides.key ?? "politics/sample.txt";
  return {
    key,
    id: articleId(key),
    slug: slugForKey(key),
    title: "A sample title",
    published: "2022-09-15T07:26:00Z",
    categories: [],
    contentHtml: "<p>Body.</p>",
    meta: {},
    ...overrides,
  };
}

/** The article of a result that must be accepted; throws with the rejection reason otherwise. */
export function expectOk(result: ParseResult): Article {
  if (!result.ok) throw new Error(`expected an article, got rejection: ${result.error.reason}`);
  return result.article;
}

/** The error of a result that must be rejected; throws with the accepted title otherwise. */
export function expectRejected(result: ParseResult): { key: string; reason: string } {
  if (result.ok) throw new Error(`expected a rejection, got article "${result.article.title}"`);
  return result.error;
}

/** A name-based (v5) UUID URN, the shape of the ids derived by src/articles/ids.ts. */
export const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
