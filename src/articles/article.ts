import * as z from "zod";

/**
 * The instants our parsers produce (`2022-09-15T07:26:00Z`: UTC, whole seconds). The run state is
 * checked against the same schema, so an impossible cached date is never trusted.
 */
export const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  .refine((s) => {
    const date = new Date(s);
    return !Number.isNaN(date.getTime()) && date.toISOString().replace(".000Z", "Z") === s;
  });

/** One stored article after parsing: plain data, safe to serialise into the run state. */
export const articleSchema = z.object({
  /** Source key relative to the articles location, e.g. `politics/x.txt`. */
  key: z.string(),
  /** Stable item id (a URI), derived from the key or the source's own id, never from the title. */
  id: z.string(),
  /** File-name-safe, stable slug: the article page is `articles/<slug>.html`. */
  slug: z.string(),
  /** Canonical absolute URL given by the source, if any. */
  url: z.string().optional(),
  /** Plain text (never HTML). */
  title: z.string(),
  /** ISO 8601 instant in UTC, e.g. `2022-09-15T07:26:00Z`. */
  published: instant,
  /** ISO 8601 instant in UTC; absent when the source gives none. */
  updated: instant.optional(),
  /**
   * The page prints no publication date (the `undated: "first-seen"` policy): `published` is then the
   * time the publisher first saw the key, used for ordering and Atom's required `updated` only; feeds
   * carry no publication date for the item.
   */
  undated: z.literal(true).optional(),
  /** BCP 47 language of the article when it differs from the feed's (per-source setting or detected). */
  language: z.string().optional(),
  author: z.string().optional(),
  categories: z.array(z.string()),
  /** Plain text summary. */
  summary: z.string().optional(),
  /** Sanitised HTML body. */
  contentHtml: z.string(),
  /** Absolute image URL. */
  image: z.string().optional(),
  /** Extra facts the source carried that are not part of the article text (e.g. a view counter). */
  meta: z.object({ views: z.number().optional() }),
});

export type Article = z.output<typeof articleSchema>;

/** A stored article that could not be published, and why (a reason a person can act on). */
export interface ArticleError {
  key: string;
  reason: string;
}

/** What a parser needs besides the bytes; supplied by the edges (config, clock, listing). */
export interface ParseContext {
  /** IANA zone the source writes its local times in, e.g. `Asia/Yerevan`. */
  timeZone: string;
  /** Regular expression sources; a body line matching any of them is page cruft. */
  cruftPatterns: readonly string[];
  /** Absolute base URL of the published site; relative links in content resolve against it. */
  baseUrl: string;
  /** The stored object's modified time (ISO): year-less dates resolve against it; `undated: "modified-time"` uses it. */
  modifiedTime?: string;
  /** Older switch for `undated: "modified-time"`; `undated` wins when both are given. */
  fallbackToModifiedTime: boolean;
  /** What to do with a page that prints no date; absent: reject (the configuration's default is set at the edge). */
  undated?: UndatedPolicy;
  /** When the publisher first saw this key (ISO, from the run state): the `first-seen` policy's instant. */
  firstSeen?: string;
  /** Order of all-numeric dates such as `03/04/2025`; absent: day first. */
  dateOrder?: "DMY" | "MDY";
  /** The feed's language, so an article in another language can say so. */
  language?: string;
  /** The source's declared language (per-source `language` setting). */
  sourceLanguage?: string;
  /** Detect each article's language from its script and stopwords. */
  detectLanguage?: boolean;
  /** The run's "now" (ISO), passed in so parsing stays pure; dates beyond now + tolerance are rejected. */
  now: string;
  futureToleranceHours: number;
  /** Dates before this year are rejected as implausible. */
  minYear: number;
}

export type UndatedPolicy = "reject" | "first-seen" | "modified-time";

export type ParseResult = { ok: true; article: Article } | { ok: false; error: ArticleError };
