import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { decodeArticleBytes } from "../articles/decode.js";
import { formatOf } from "../articles/formats.js";
import { parseArticle } from "../articles/parse.js";
import { readTextPage } from "../articles/parse-text.js";
import { BUILTIN_CRUFT_PATTERNS } from "../articles/reading/cruft-patterns.js";
import { formatExplanation, formatFieldsExplanation } from "../articles/reading/explain.js";
import { readingContextFor } from "../articles/reading/source-rules.js";
import { ConfigError, parseConfig } from "../config.js";

export const EXPLAIN_USAGE = `Usage: feed-publisher explain <file.txt> [options]
       feed-publisher explain --cruft

Shows how a stored .txt page is read: every line with its role (title, date, body, furniture, skipped)
and the rule that decided it, then the title, the UTC time, the first and last paragraph, and whether the
page would be published or rejected (and why). docs/reading.md describes the rules. A .json or .md article
has no line roles (its fields are read by name): explain shows its title, date, categories and verdict.

Options:
  --config <file>     JSON config file (its timeZone, dateOrder, undated, cruftPatterns and sources apply)
  --key <key>         the page's key in the article store, for matching "sources" rules (default: the file name)
  --time-zone <zone>  IANA zone of the page's printed times (overrides the config)
  --cruft             print the built-in furniture (cruft) patterns and exit
  -h, --help          show this help
`;

/** `feed-publisher explain`: returns the exit code (0 shown, 2 usage or configuration error). */
export async function explainCommand(argv: readonly string[], now: Date = new Date()): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  let positionals: string[];
  try {
    ({ values, positionals } = parse(argv));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${EXPLAIN_USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(EXPLAIN_USAGE);
    return 0;
  }
  if (values.cruft) {
    process.stdout.write(`${BUILTIN_CRUFT_PATTERNS.join("\n")}\n`);
    return 0;
  }
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    process.stderr.write(`explain takes one file\n\n${EXPLAIN_USAGE}`);
    return 2;
  }
  try {
    const raw: Record<string, unknown> = values.config ? await readJson(values.config) : {};
    if (values["time-zone"]) raw.timeZone = values["time-zone"];
    const config = parseConfig(raw);
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError([`${file}: cannot read (${error.code ?? error.message})`]);
    });
    const modified = (await stat(file)).mtime.toISOString();
    const key = values.key ?? path.basename(file);
    const ctx = {
      ...readingContextFor(config, key),
      baseUrl: config.baseUrl,
      modifiedTime: modified,
      firstSeen: now.toISOString(),
      now: now.toISOString(),
      futureToleranceHours: config.futureToleranceHours,
      minYear: config.minYear,
    };
    const format = formatOf(key);
    if (format === "json" || format === "markdown") {
      process.stdout.write(formatFieldsExplanation(format, parseArticle(key, bytes, ctx)));
      return 0;
    }
    // Any other name is read as a scraped page, as a `.txt` is (a page saved as `.html` or without a suffix).
    const result = parseArticle(format === "text" ? key : `${key}.txt`, bytes, ctx);
    const decoded = decodeArticleBytes(bytes);
    if (!decoded.ok) {
      process.stdout.write(`rejected: ${decoded.reason}\n`);
      return 0;
    }
    process.stdout.write(formatExplanation(readTextPage(decoded.text, ctx), result));
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: "string" },
      key: { type: "string" },
      "time-zone": { type: "string" },
      cruft: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(await readFile(file, "utf8"));
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new Error("expected a JSON object");
    return value as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([`--config ${file}: ${(error as Error).message}`]);
  }
}
