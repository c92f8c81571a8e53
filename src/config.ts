import * as z from "zod";
import { BUILTIN_CRUFT_PATTERNS, patternProblem } from "./articles/reading/cruft-patterns.js";
import { absoluteUrl } from "./markup/urls.js";
import { humanIssue } from "./settings/messages.js";

/** The built-in furniture patterns (src/articles/reading/cruft-patterns.ts); `cruftPatterns` adds to them. */
export const DEFAULT_CRUFT_PATTERNS: readonly string[] = BUILTIN_CRUFT_PATTERNS;

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: "not an IANA time zone name (e.g. Asia/Yerevan, UTC)" },
);

// Operator patterns run under RE2 (linear time), so they are checked with RE2's syntax; the message names
// the pattern (zod's path names the list and index).
const regexSource = z.string().superRefine((source, ctx) => {
  const problem = patternProblem(source);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const NO_USERINFO = {
  message:
    "must not contain a user name or password (user:password@): every feed would publish it and every log would show it",
};
/** True for an unparseable URL too: the URL check has reported that already. */
const withoutUserinfo = (url: string) => {
  const parsed = URL.parse(url);
  return parsed === null || (parsed.username === "" && parsed.password === "");
};

/**
 * A URL that is published (in feeds, pages, reports): absolute http(s) only, so `javascript:` and `data:`
 * never become a link, and without credentials.
 */
const publicHttpUrl = z
  .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" })
  .refine(withoutUserinfo, NO_USERINFO);

/**
 * The canonical form (`new URL().href`: lower-case host, punycode, percent-encoded path) with a trailing
 * slash, so every document spells every URL the same way feed@6 does (it normalises the links it writes).
 */
const absoluteHttpUrl = z
  .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" })
  .refine(withoutUserinfo, NO_USERINFO)
  .refine((url) => !url.includes("?") && !url.includes("#"), { message: "must not have a query or fragment" })
  .transform((url) => {
    // z.url has checked that it parses as http(s), so absoluteUrl always gives its canonical form.
    const href = absoluteUrl(url) ?? url;
    return href.endsWith("/") ? href : `${href}/`;
  });

const undatedPolicy = z.enum(["reject", "first-seen", "modified-time"]);
const dateOrder = z.enum(["DMY", "MDY"]);
const languageTag = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/, "must be a BCP 47 language tag such as en or hy-AM");

/**
 * How stored pages are read (docs/reading.md). `cruftPatterns` add to the built-in furniture list unless
 * `builtinCruftPatterns` is false; `undated` left unset means "first-seen" (or "modified-time" with the
 * older `fallbackToModifiedTime`); `sources` override these per key prefix or glob, first match wins.
 */
const readingSettings = {
  cruftPatterns: z.array(regexSource).default([]),
  builtinCruftPatterns: z.boolean().default(true),
  fallbackToModifiedTime: z.boolean().default(false),
  undated: undatedPolicy.optional(),
  dateOrder: dateOrder.default("DMY"),
  detectLanguage: z.boolean().default(false),
  sources: z
    .array(
      z
        .object({
          /** A key prefix (`am/news/`) or a glob (`*\/hy/**`). */
          match: z.string().min(1),
          timeZone: timeZone.optional(),
          language: languageTag.optional(),
          dateOrder: dateOrder.optional(),
          cruftPatterns: z.array(regexSource).optional(),
          undated: undatedPolicy.optional(),
        })
        .strict(),
    )
    .default([]),
};

/** Every setting of a run. Unknown keys are rejected so a typo never silently falls back to a default. */
export const configSchema = z
  .object({
    title: z.string().min(1).default("feed-publisher"),
    description: z.string().default("Articles published by feed-publisher"),
    /** Where the output location is served from; every link in every document is absolute under it. */
    baseUrl: absoluteHttpUrl.default("http://localhost:8080/"),
    language: z
      .string()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/, "must be a BCP 47 language tag such as en or hy-AM")
      .default("en"),
    author: z
      .object({ name: z.string().min(1), email: z.email().optional(), url: publicHttpUrl.optional() })
      .strict()
      .optional(),
    timeZone: timeZone.default("UTC"),
    itemLimit: z.number().int().min(1).max(10_000).default(50),
    /** Entries per archive page; the default's reason is at DEFAULT_ARCHIVE_PAGE_SIZE (src/site/archive.ts). */
    archivePageSize: z.number().int().min(1).max(10_000).default(50),
    ...readingSettings,
    /** A news article is a few KB to a few hundred KB; 1 MiB leaves room and bounds a run's memory. */
    maxArticleBytes: z
      .number()
      .int()
      .min(1)
      .default(1024 * 1024),
    /** Markdown's parser is the costliest per byte (and runs under a time budget), so its cap is lower. */
    maxMarkdownBytes: z
      .number()
      .int()
      .min(1)
      .default(256 * 1024),
    /** Feed items carry at most this much body (the article page has it all); see feeds/feed-content.ts. */
    maxFeedContentBytes: z
      .number()
      .int()
      .min(1024)
      .default(64 * 1024),
    futureToleranceHours: z.number().min(0).default(48),
    minYear: z.number().int().min(1970).default(1990),
    hubs: z.array(publicHttpUrl).default([]),
    /**
     * A run that would delete more than this share of the published documents is refused (a partial
     * listing must not unpublish the site); `--allow-mass-unpublish` lets one run through.
     */
    maxUnpublishShare: z.number().min(0).max(1).default(0.5),
    /**
     * A long run saves its progress at least this often, and between stages once its unsaved work is a
     * sixth of this old, so a run killed at a timeout leaves the next one less to do (README, "Long runs").
     * Each save writes the whole state, so not much more often than that.
     */
    checkpointSeconds: z.number().min(0).default(30),
    /**
     * Lambda: seconds before the function's timeout at which a run starts no new work and saves its
     * progress. Default: the larger of 10 s and a tenth of the time the invocation had at its start.
     */
    deadlineMarginSeconds: z.number().min(0).optional(),
    /** Cache-Control max-age for feeds and index pages; match it to the schedule. */
    feedMaxAgeSeconds: z.number().int().min(0).default(300),
    pageMaxAgeSeconds: z.number().int().min(0).default(3600),
    /** Which categories get their own feeds: "all", "folders" (source folders only), "none", or a list of names. */
    categoryFeeds: z
      .union([z.enum(["all", "folders", "none"]), z.array(z.string().min(1))], {
        message: 'must be "all", "folders", "none" or a list of category names',
      })
      .default("all"),
  })
  .strict();

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`, options);
  }
}

/**
 * Validates raw settings; one error lists every bad field. Entry points use settings/load.ts, which also
 * names the file, variable or flag each problem came from.
 */
export function parseConfig(raw: unknown): Config {
  const result = configSchema.safeParse(raw, { error: humanIssue });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.join(".") || "(root)";
    if (issue.code === "unrecognized_keys") return `${path}: unknown key(s) ${issue.keys.join(", ")}`;
    return `${path}: ${issue.message}`;
  });
  throw new ConfigError(problems, { cause: result.error });
}

/** Names of the settings the user did not give, so reports can say which defaults a run used. */
export function defaultedKeys(raw: Record<string, unknown>): string[] {
  return Object.keys(configSchema.shape).filter((key) => raw[key] === undefined);
}
