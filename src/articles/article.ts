import { z } from "zod";

/**
 * The instants our parsers produce (`2022-09-15T07:26:00Z`: UTC, whole seconds). The run state is
 * checked against the same schema, so an impossible cached date is never trusted.
 */
const instant = z
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
  /** The stored object's modified time (ISO), used only when `fallbackToModifiedTime` is set. */
  modifiedTime?: string;
  fallbackToModifiedTime: boolean;
  /** The run's "now" (ISO), passed in so parsing stays pure; dates beyond now + tolerance are rejected. */
  now: string;
  futureToleranceHours: number;
  /** Dates before this year are rejected as implausible. */
  minYear: number;
}

export type ParseResult = { ok: true; article: Article } | { ok: false; error: ArticleError };
