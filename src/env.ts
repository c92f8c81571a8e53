import type { Config } from "./config.js";
import { ConfigError, defaultedKeys, parseConfig } from "./config.js";
import type { Location } from "./store/location.js";
import { formatLocation, LocationError, locationsOverlap, parseLocation } from "./store/location.js";
import type { S3ClientSettings } from "./store/s3-client.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** Everything a run needs from the environment. */
export interface EnvSettings {
  config: Config;
  /** Config keys neither FEED_CONFIG nor a FEED_* variable set. */
  defaultsUsed: string[];
  source: Location;
  output: Location;
  s3: S3ClientSettings;
}

type FieldKind = "string" | "integer" | "number" | "boolean" | "json-array" | "comma-list";

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
  { name: "FEED_CRUFT_PATTERNS", field: ["cruftPatterns"], kind: "json-array" },
  { name: "FEED_FALLBACK_TO_MODIFIED_TIME", field: ["fallbackToModifiedTime"], kind: "boolean" },
  { name: "FEED_BUILTIN_CRUFT_PATTERNS", field: ["builtinCruftPatterns"], kind: "boolean" },
  { name: "FEED_UNDATED", field: ["undated"], kind: "string" },
  { name: "FEED_DATE_ORDER", field: ["dateOrder"], kind: "string" },
  { name: "FEED_DETECT_LANGUAGE", field: ["detectLanguage"], kind: "boolean" },
  { name: "FEED_SOURCES", field: ["sources"], kind: "json-array" },
  { name: "FEED_MAX_ARTICLE_BYTES", field: ["maxArticleBytes"], kind: "integer" },
  { name: "FEED_FUTURE_TOLERANCE_HOURS", field: ["futureToleranceHours"], kind: "number" },
  { name: "FEED_MIN_YEAR", field: ["minYear"], kind: "integer" },
  { name: "FEED_HUBS", field: ["hubs"], kind: "comma-list" },
  { name: "FEED_MAX_AGE_SECONDS", field: ["feedMaxAgeSeconds"], kind: "integer" },
  { name: "FEED_PAGE_MAX_AGE_SECONDS", field: ["pageMaxAgeSeconds"], kind: "integer" },
] as const satisfies readonly { name: string; field: readonly string[]; kind: FieldKind }[];

/** Every variable this module reads, for docs and for the unknown-variable check. */
export const ENV_VARIABLES: readonly string[] = [
  "FEED_SOURCE",
  "FEED_OUTPUT",
  "FEED_CONFIG",
  ...CONFIG_VARIABLES.map((v) => v.name),
  "FEED_S3_ENDPOINT",
  "FEED_S3_FORCE_PATH_STYLE",
  "AWS_REGION",
];

export interface LoadEnvOptions {
  /**
   * "lambda": FEED_SOURCE and FEED_OUTPUT are required and must be s3:// URLs (a function's disk is
   * scratch space). "cli": they default to the `seeds` and `public` folders.
   */
  target: "lambda" | "cli";
}

const CLI_DEFAULTS = { FEED_SOURCE: "seeds", FEED_OUTPUT: "public" } as const;

/**
 * An empty value counts as unset: deployment templates (CloudFormation parameters, serverless params)
 * pass "" for a setting left blank, and that must mean "use the default", not "set it to nothing".
 */
function readVariable(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

const BOOLEANS: Record<string, boolean> = {
  true: true,
  "1": true,
  yes: true,
  false: false,
  "0": false,
  no: false,
};
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function convert(name: string, kind: FieldKind, text: string, problems: string[]): unknown {
  switch (kind) {
    case "string":
      return text;
    case "integer":
    case "number": {
      const value = Number(text);
      if (!NUMBER.test(text) || !Number.isFinite(value)) {
        problems.push(`${name}: ${JSON.stringify(text)} is not a number`);
        return undefined;
      }
      if (kind === "integer" && !Number.isInteger(value)) {
        problems.push(`${name}: ${JSON.stringify(text)} is not a whole number`);
        return undefined;
      }
      return value;
    }
    case "boolean": {
      const value = BOOLEANS[text.toLowerCase()];
      if (value === undefined) problems.push(`${name}: ${JSON.stringify(text)} is not true or false`);
      return value;
    }
    case "json-array": {
      try {
        const value: unknown = JSON.parse(text);
        if (Array.isArray(value)) return value;
        problems.push(`${name}: must be a JSON array of strings, e.g. ["^share$"]`);
      } catch (error) {
        problems.push(`${name}: not valid JSON (${(error as Error).message})`);
      }
      return undefined;
    }
    case "comma-list":
      return text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");
  }
}

function readConfigJson(env: Env, problems: string[]): Record<string, unknown> {
  const text = readVariable(env, "FEED_CONFIG");
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    problems.push(`FEED_CONFIG: not valid JSON (${(error as Error).message})`);
    return {};
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push("FEED_CONFIG: must be a JSON object of config settings");
    return {};
  }
  return value as Record<string, unknown>;
}

/** The raw config (FEED_CONFIG, then one variable per field on top) and which variable set each field. */
export function rawConfigFromEnv(env: Env): {
  raw: Record<string, unknown>;
  /** Config path ("itemLimit", "author.name") → the variable that set it. */
  origins: Map<string, string>;
  problems: string[];
} {
  const problems: string[] = [];
  const raw = readConfigJson(env, problems);
  const origins = new Map<string, string>();
  for (const key of Object.keys(raw)) origins.set(key, "FEED_CONFIG");

  for (const variable of CONFIG_VARIABLES) {
    const text = readVariable(env, variable.name);
    if (text === undefined) continue;
    const value = convert(variable.name, variable.kind, text, problems);
    if (value === undefined) continue;
    const [top, nested] = variable.field;
    if (nested === undefined) {
      raw[top] = value;
      origins.set(top, variable.name);
    } else {
      const current = raw[top];
      const base = typeof current === "object" && current !== null && !Array.isArray(current) ? current : {};
      raw[top] = { ...base, [nested]: value };
      origins.set(`${top}.${nested}`, variable.name);
    }
  }
  return { raw, origins, problems };
}

/** Names a config issue by the variable the user has to fix, e.g. `FEED_HUBS (item 2)` or `FEED_CONFIG (author.url)`. */
function variableFor(path: readonly PropertyKey[], origins: Map<string, string>): string {
  const [top, second, ...rest] = path.map(String);
  if (top === undefined) return "FEED_CONFIG";
  const nestedOrigin = second === undefined ? undefined : origins.get(`${top}.${second}`);
  const origin = nestedOrigin ?? origins.get(top);
  if (origin === "FEED_CONFIG" || origin === undefined) return `FEED_CONFIG (${path.map(String).join(".")})`;
  if (nestedOrigin) return rest.length > 0 ? `${origin} (${rest.join(".")})` : origin;
  // List variables: point at the offending element, counting from 1 as people do.
  if (second !== undefined && /^\d+$/.test(second)) return `${origin} (item ${Number(second) + 1})`;
  return second === undefined ? origin : `${origin} (${[second, ...rest].join(".")})`;
}

function configProblems(error: ConfigError, origins: Map<string, string>): string[] {
  const cause = error.cause as {
    issues?: { path: PropertyKey[]; message: string; code?: string; keys?: string[] }[];
  };
  if (!Array.isArray(cause?.issues)) return [...error.problems];
  return cause.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const where = issue.path.length > 0 ? ` in ${issue.path.map(String).join(".")}` : "";
      return `FEED_CONFIG: unknown key(s)${where}: ${issue.keys?.join(", ")}`;
    }
    // The author object was built from FEED_AUTHOR_EMAIL or FEED_AUTHOR_URL alone: the fix is to set the name.
    if (issue.path.join(".") === "author.name" && !origins.has("author") && !origins.has("author.name")) {
      return "FEED_AUTHOR_NAME: required when FEED_AUTHOR_EMAIL or FEED_AUTHOR_URL is set";
    }
    return `${variableFor(issue.path, origins)}: ${issue.message}`;
  });
}

function readLocation(
  env: Env,
  name: "FEED_SOURCE" | "FEED_OUTPUT",
  options: LoadEnvOptions,
  problems: string[],
): Location | undefined {
  const text = readVariable(env, name) ?? (options.target === "cli" ? CLI_DEFAULTS[name] : undefined);
  if (text === undefined) {
    problems.push(`${name}: required; set it to an s3://bucket/prefix/ URL`);
    return undefined;
  }
  try {
    const location = parseLocation(text);
    if (options.target === "lambda" && location.kind !== "s3") {
      problems.push(
        `${name}: must be an s3://bucket/prefix/ URL in Lambda, not the folder ${JSON.stringify(text)}`,
      );
      return undefined;
    }
    return location;
  } catch (error) {
    if (error instanceof LocationError) {
      problems.push(`${name}: ${error.message}`);
      return undefined;
    }
    throw error;
  }
}

function readS3Settings(env: Env, problems: string[]): S3ClientSettings {
  const settings: S3ClientSettings = {};
  const region = readVariable(env, "AWS_REGION");
  if (region !== undefined) settings.region = region;
  const endpoint = readVariable(env, "FEED_S3_ENDPOINT");
  if (endpoint !== undefined) {
    if (!/^https?:\/\/[^/\s]+/i.test(endpoint) || !URL.canParse(endpoint)) {
      problems.push(`FEED_S3_ENDPOINT: ${JSON.stringify(endpoint)} is not an http(s) URL`);
    } else {
      settings.endpoint = endpoint;
      // S3-compatible stores mostly reject or mis-store the SDK's default aws-chunked CRC uploads.
      settings.checksumWhenRequired = true;
    }
  }
  const pathStyle = readVariable(env, "FEED_S3_FORCE_PATH_STYLE");
  if (pathStyle !== undefined) {
    const value = convert("FEED_S3_FORCE_PATH_STYLE", "boolean", pathStyle, problems);
    if (value === true) settings.forcePathStyle = true;
  }
  return settings;
}

/**
 * The output must not sit inside the source or the other way round: the published feed.json would be
 * read back as an article, and with S3 notifications every run's own writes would trigger the next run.
 */
function overlapProblem(source: Location, output: Location): string | undefined {
  if (!locationsOverlap(source, output)) return undefined;
  return source.kind === "s3"
    ? `FEED_OUTPUT: ${formatLocation(output)} overlaps FEED_SOURCE ${formatLocation(source)}; use separate prefixes such as articles/ and public/`
    : `FEED_OUTPUT: the folder ${formatLocation(output)} overlaps FEED_SOURCE ${formatLocation(source)}; use separate folders`;
}

/** Only the S3 client settings, for entry points that take everything else from flags (the CLI). */
export function s3SettingsFromEnv(env: Env): S3ClientSettings {
  const problems: string[] = [];
  const settings = readS3Settings(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

/** A typo such as FEED_ITEMS_LIMIT would otherwise leave the default in place without a word. */
function unknownVariables(env: Env): string[] {
  const known = new Set(ENV_VARIABLES);
  return Object.keys(env)
    .filter((name) => name.startsWith("FEED_") && !known.has(name))
    .sort()
    .map((name) => {
      const guess = closest(name, ENV_VARIABLES);
      return `${name}: unknown variable${guess ? `; did you mean ${guess}?` : ""}`;
    });
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= 3 ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Reads every setting from the environment. Every problem (bad number, bad URL, bad config value,
 * unknown FEED_* variable) is collected and thrown as ONE ConfigError naming the variables to fix.
 */
export function loadEnv(env: Env, options: LoadEnvOptions): EnvSettings {
  const problems: string[] = [];
  const source = readLocation(env, "FEED_SOURCE", options, problems);
  const output = readLocation(env, "FEED_OUTPUT", options, problems);
  const { raw, origins, problems: valueProblems } = rawConfigFromEnv(env);
  problems.push(...valueProblems);
  let config: Config | undefined;
  try {
    config = parseConfig(raw);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...configProblems(error, origins));
  }
  if (source && output) {
    const overlap = overlapProblem(source, output);
    if (overlap) problems.push(overlap);
  }
  const s3 = readS3Settings(env, problems);
  problems.push(...unknownVariables(env));
  if (problems.length > 0 || !config || !source || !output) throw new ConfigError(problems);
  return { config, defaultsUsed: defaultedKeys(raw), source, output, s3 };
}
