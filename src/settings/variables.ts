import { z } from "zod";
import { parseJsonText } from "./messages.js";

/** How a variable's text becomes a config value: zod does the conversion, we only word the failure. */
const KINDS = {
  string: { schema: z.string(), expected: "text" },
  number: { schema: z.coerce.number(), expected: "a number" },
  // true/false, 1/0, yes/no, on/off, y/n, enabled/disabled, any case (zod's stringbool).
  boolean: { schema: z.stringbool(), expected: "true or false" },
  "comma-list": {
    schema: z.string().transform((text) =>
      text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== ""),
    ),
    expected: "a comma-separated list",
  },
  "json-array": {
    schema: z.string().transform((text, ctx) => {
      const parsed = parseJsonText(text);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.reason });
      else if (!Array.isArray(parsed.value))
        ctx.addIssue({ code: "custom", message: 'must be a JSON array of strings, e.g. ["^share$"]' });
      return parsed.ok ? parsed.value : undefined;
    }),
    expected: "a JSON array",
  },
} as const;

type Kind = keyof typeof KINDS;

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
  // Whole-number checks are the config schema's, so they are reported once, under this variable's name.
  { name: "FEED_ITEM_LIMIT", field: ["itemLimit"], kind: "number" },
  { name: "FEED_CRUFT_PATTERNS", field: ["cruftPatterns"], kind: "json-array" },
  { name: "FEED_FALLBACK_TO_MODIFIED_TIME", field: ["fallbackToModifiedTime"], kind: "boolean" },
  { name: "FEED_MAX_ARTICLE_BYTES", field: ["maxArticleBytes"], kind: "number" },
  { name: "FEED_FUTURE_TOLERANCE_HOURS", field: ["futureToleranceHours"], kind: "number" },
  { name: "FEED_MIN_YEAR", field: ["minYear"], kind: "number" },
  { name: "FEED_HUBS", field: ["hubs"], kind: "comma-list" },
  { name: "FEED_MAX_UNPUBLISH_SHARE", field: ["maxUnpublishShare"], kind: "number" },
  { name: "FEED_MAX_AGE_SECONDS", field: ["feedMaxAgeSeconds"], kind: "number" },
  { name: "FEED_PAGE_MAX_AGE_SECONDS", field: ["pageMaxAgeSeconds"], kind: "number" },
] as const satisfies readonly { name: string; field: readonly string[]; kind: Kind }[];

/** Variables that are not one config field each. */
export const OTHER_VARIABLES = [
  "FEED_SOURCE",
  "FEED_OUTPUT",
  "FEED_CONFIG",
  "FEED_CONFIG_FILE",
  "FEED_S3_ENDPOINT",
  "FEED_S3_FORCE_PATH_STYLE",
  "AWS_REGION",
] as const;

/** Every variable the loader reads, for docs and for the unknown-variable check. */
export const ENV_VARIABLES: readonly string[] = [...OTHER_VARIABLES, ...CONFIG_VARIABLES.map((v) => v.name)];

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * An empty value counts as unset: deployment templates (CloudFormation parameters, serverless params)
 * pass "" for a setting left blank, and that must mean "use the default", not "set it to nothing".
 */
export function readVariable(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** A variable's text as a value of `kind`, or the problem (naming the variable) when it is not one. */
export function convertVariable(
  name: string,
  kind: Kind,
  text: string,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  const result = KINDS[kind].schema.safeParse(text);
  if (result.success) return { ok: true, value: result.data };
  const custom = result.error.issues.find((issue) => issue.code === "custom");
  return {
    ok: false,
    problem: `${name}: ${custom ? custom.message : `${JSON.stringify(text)} is not ${KINDS[kind].expected}`}`,
  };
}
