/**
 * The environment variables feed-publisher reads: one per config field, plus the locations and the S3
 * client's. settings/variables.ts converts their text, settings/load.ts merges them with the other places
 * settings come from (docs/configuration.md).
 */

export type Env = Readonly<Record<string, string | undefined>>;

type FieldKind = "string" | "integer" | "number" | "boolean" | "json-array" | "comma-list" | "category-feeds";

/** One variable per config field; `field` is a path into the config (author is nested). */
export const CONFIG_VARIABLES = [
  { name: "FEED_TITLE", field: ["title"], kind: "string" },
  { name: "FEED_DESCRIPTION", field: ["description"], kind: "string" },
  { name: "FEED_BASE_URL", field: ["baseUrl"], kind: "string" },
  { name: "FEED_LANGUAGE", field: ["language"], kind: "string" },
  { name: "FEED_AUTHOR_NAME", field: ["author", "name"], kind: "string" },
  { name: "FEED_AUTHOR_EMAIL", field: ["author", "email"], kind: "string" },
  { name: "FEED_AUTHOR_URL", field: ["author", "url"], kind: "string" },
  { name: "FEED_TIME_ZONE", field: ["timeZone"], kind: "string" },
  { name: "FEED_ITEM_LIMIT", field: ["itemLimit"], kind: "integer" },
  { name: "FEED_ARCHIVE_PAGE_SIZE", field: ["archivePageSize"], kind: "integer" },
  { name: "FEED_CRUFT_PATTERNS", field: ["cruftPatterns"], kind: "json-array" },
  { name: "FEED_FALLBACK_TO_MODIFIED_TIME", field: ["fallbackToModifiedTime"], kind: "boolean" },
  { name: "FEED_BUILTIN_CRUFT_PATTERNS", field: ["builtinCruftPatterns"], kind: "boolean" },
  { name: "FEED_UNDATED", field: ["undated"], kind: "string" },
  { name: "FEED_DATE_ORDER", field: ["dateOrder"], kind: "string" },
  { name: "FEED_DETECT_LANGUAGE", field: ["detectLanguage"], kind: "boolean" },
  { name: "FEED_SOURCES", field: ["sources"], kind: "json-array" },
  { name: "FEED_MAX_ARTICLE_BYTES", field: ["maxArticleBytes"], kind: "integer" },
  { name: "FEED_MAX_MARKDOWN_BYTES", field: ["maxMarkdownBytes"], kind: "integer" },
  { name: "FEED_MAX_FEED_CONTENT_BYTES", field: ["maxFeedContentBytes"], kind: "integer" },
  { name: "FEED_FUTURE_TOLERANCE_HOURS", field: ["futureToleranceHours"], kind: "number" },
  { name: "FEED_MIN_YEAR", field: ["minYear"], kind: "integer" },
  { name: "FEED_HUBS", field: ["hubs"], kind: "comma-list" },
  { name: "FEED_MAX_UNPUBLISH_SHARE", field: ["maxUnpublishShare"], kind: "number" },
  { name: "FEED_MAX_AGE_SECONDS", field: ["feedMaxAgeSeconds"], kind: "integer" },
  { name: "FEED_PAGE_MAX_AGE_SECONDS", field: ["pageMaxAgeSeconds"], kind: "integer" },
  { name: "FEED_CATEGORY_FEEDS", field: ["categoryFeeds"], kind: "category-feeds" },
  { name: "FEED_CHECKPOINT_SECONDS", field: ["checkpointSeconds"], kind: "number" },
  { name: "FEED_DEADLINE_MARGIN_SECONDS", field: ["deadlineMarginSeconds"], kind: "number" },
] as const satisfies readonly { name: string; field: readonly string[]; kind: FieldKind }[];

/** Every variable settings/load.ts reads, for docs and for the unknown-variable check. */
export const ENV_VARIABLES: readonly string[] = [
  "FEED_SOURCE",
  "FEED_OUTPUT",
  "FEED_CONFIG",
  "FEED_CONFIG_FILE",
  ...CONFIG_VARIABLES.map((v) => v.name),
  "FEED_S3_ENDPOINT",
  "FEED_S3_FORCE_PATH_STYLE",
  "AWS_REGION",
];
