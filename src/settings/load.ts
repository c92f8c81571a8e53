import { readFileSync } from "node:fs";
import { type Config, ConfigError, configSchema, defaultedKeys } from "../config.js";
import { ENV_VARIABLES, type Env } from "../env.js";
import {
  formatLocation,
  type Location,
  LocationError,
  locationsOverlap,
  parseLocation,
} from "../store/location.js";
import type { S3ClientSettings } from "../store/s3-client.js";
import { closest, humanIssue, parseJsonText } from "./messages.js";
import {
  type MergedSettings,
  mergeLayers,
  objectLayer,
  type SettingsLayer,
  unknownKeyProblem,
  variableLayers,
  whereToFix,
} from "./sources.js";
import { convertVariable, readVariable } from "./variables.js";

/** Command-line flags that are settings (the CLI's; a Lambda-style run has none). */
export interface SettingsFlags {
  /** `--config <file>`: a JSON file of settings. */
  config?: string;
  from?: string;
  to?: string;
  baseUrl?: string;
  timeZone?: string;
}

export interface LoadSettingsOptions {
  env: Env;
  flags?: SettingsFlags;
  /**
   * "lambda": the locations are required and must be s3:// URLs (a function's disk is scratch space).
   * "cli": they default to the `seeds` and `public` folders.
   */
  target: "lambda" | "cli";
  /** Reads the config file; defaults to the disk. */
  readTextFile?: (path: string) => string;
}

/** Everything a run needs, from every place settings come from. */
export interface Settings {
  config: Config;
  /** Config keys no file, variable or flag set. */
  defaultsUsed: string[];
  source: Location;
  output: Location;
  s3: S3ClientSettings;
}

const CLI_DEFAULTS = { source: "seeds", output: "public" } as const;

/**
 * Loads every setting, once, for both entry points. Later places override earlier ones:
 *   built-in defaults < config file (`--config`, or FEED_CONFIG_FILE) < FEED_CONFIG (JSON text)
 *   < one FEED_* variable per field < command-line flags.
 * Every problem (unreadable file, bad JSON with its line and column, bad value, unknown key or FEED_*
 * variable, overlapping locations) is collected and thrown as ONE ConfigError naming where to fix it.
 */
export function loadSettings(options: LoadSettingsOptions): Settings {
  const { env } = options;
  const problems: string[] = [];
  const source = readLocation("source", options, problems);
  const output = readLocation("output", options, problems);
  const merged = mergeLayers(configLayers(options, problems));
  const config = validate(merged, problems);
  if (source && output && locationsOverlap(source.location, output.location)) {
    problems.push(
      `${output.label}: ${output.location.kind === "fs" ? "the folder " : ""}${formatLocation(output.location)} overlaps ${source.label} ${formatLocation(source.location)}; use separate ${source.location.kind === "s3" ? "prefixes such as articles/ and public/" : "folders"}`,
    );
  }
  const s3 = readS3Settings(env, problems);
  problems.push(...unknownVariables(env));
  if (problems.length > 0 || !config || !source || !output) throw new ConfigError(problems);
  return {
    config,
    defaultsUsed: defaultedKeys(merged.raw),
    source: source.location,
    output: output.location,
    s3,
  };
}

function configLayers(options: LoadSettingsOptions, problems: string[]): SettingsLayer[] {
  const { env, flags = {} } = options;
  const layers: SettingsLayer[] = [];
  const add = (layer: SettingsLayer | string | undefined) => {
    if (typeof layer === "string") problems.push(layer);
    else if (layer) layers.push(layer);
  };
  const file = flags.config ?? readVariable(env, "FEED_CONFIG_FILE");
  if (file !== undefined) add(readConfigFile(file, options.readTextFile ?? ((p) => readFileSync(p, "utf8"))));
  const json = readVariable(env, "FEED_CONFIG");
  if (json !== undefined) {
    const parsed = parseJsonText(json);
    add(parsed.ok ? objectLayer("FEED_CONFIG", parsed.value) : `FEED_CONFIG: ${parsed.reason}`);
  }
  const variables = variableLayers(env);
  layers.push(...variables.layers);
  problems.push(...variables.problems);
  if (flags.baseUrl !== undefined)
    add({ label: "--base-url", container: false, raw: { baseUrl: flags.baseUrl } });
  if (flags.timeZone !== undefined)
    add({ label: "--time-zone", container: false, raw: { timeZone: flags.timeZone } });
  return layers;
}

function readConfigFile(file: string, readTextFile: (path: string) => string): SettingsLayer | string {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (error) {
    return `${file}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  const parsed = parseJsonText(text);
  return parsed.ok ? objectLayer(file, parsed.value) : `${file}: ${parsed.reason}`;
}

function validate(merged: MergedSettings, problems: string[]): Config | undefined {
  const result = configSchema.safeParse(merged.raw, { error: humanIssue });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.push(unknownKeyProblem(issue.path, key, merged));
    } else if (
      issue.path.join(".") === "author.name" &&
      !merged.containers.has(merged.origins.get("author") ?? "") &&
      !merged.origins.has("author.name")
    ) {
      // The author object was built from FEED_AUTHOR_EMAIL or FEED_AUTHOR_URL alone: the fix is to set the name.
      problems.push("FEED_AUTHOR_NAME: required when FEED_AUTHOR_EMAIL or FEED_AUTHOR_URL is set");
    } else problems.push(`${whereToFix(issue.path, merged)}: ${issue.message}`);
  }
  return undefined;
}

function readLocation(
  which: "source" | "output",
  options: LoadSettingsOptions,
  problems: string[],
): { location: Location; label: string } | undefined {
  const flag = which === "source" ? options.flags?.from : options.flags?.to;
  const variable = which === "source" ? "FEED_SOURCE" : "FEED_OUTPUT";
  const fromEnv = readVariable(options.env, variable);
  const label = flag !== undefined ? (which === "source" ? "--from" : "--to") : variable;
  const text = flag ?? fromEnv ?? (options.target === "cli" ? CLI_DEFAULTS[which] : undefined);
  if (text === undefined) {
    problems.push(`${variable}: required; set it to an s3://bucket/prefix/ URL`);
    return undefined;
  }
  try {
    const location = parseLocation(text);
    if (options.target === "lambda" && location.kind !== "s3") {
      problems.push(
        `${label}: must be an s3://bucket/prefix/ URL in Lambda, not the folder ${JSON.stringify(text)}`,
      );
      return undefined;
    }
    return { location, label };
  } catch (error) {
    if (!(error instanceof LocationError)) throw error;
    problems.push(`${label}: ${error.message}`);
    return undefined;
  }
}

/** Only the S3 client's settings, for commands that read a store without publishing (`check`). */
export function s3SettingsFromEnv(env: Env): S3ClientSettings {
  const problems: string[] = [];
  const settings = readS3Settings(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
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
    const converted = convertVariable("FEED_S3_FORCE_PATH_STYLE", "boolean", pathStyle);
    if (!converted.ok) problems.push(converted.problem);
    else if (converted.value === true) settings.forcePathStyle = true;
  }
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
