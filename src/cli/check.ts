import { stat } from "node:fs/promises";
import { type CheckReport, checkSite } from "../check/check-site.js";
import { openPublishedSite } from "../check/site-location.js";
import { xmllintProblems } from "../check/xmllint.js";
import { s3SettingsFromEnv } from "../settings/load.js";
import { parseLocation } from "../store/location.js";
import { createS3Client } from "../store/s3-client.js";
import { parseCommandArgs, UsageError } from "./args.js";
import type { CliCommand } from "./command.js";

export const CHECK_USAGE = `Usage: feed-publisher check <dir|s3://bucket/prefix/> [options]

Validates a published site: strict XML; Atom, RSS 2.0 and OPML structure; JSON Feed 1.1 fields; each
feed's self link; every internal link resolving to a published document; and, on S3, each document's
Content-Type. Uses feed-publisher's own strict readers; on a folder, xmllint too when installed.

Options:
  --base-url <url>   the address the site is served from (default: read from atom.xml's self link)
  --json             print the findings as JSON
  -h, --help         show this help

Exit codes: 0 every check passed, 1 problems found (each listed with its key),
2 usage error or a location that cannot be read.
`;

const OPTIONS = {
  "base-url": { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

export const checkCommand: CliCommand = {
  name: "check",
  summary: "validate a published folder or S3 prefix (feeds, links, content types)",
  run: runCheck,
};

export async function runCheck(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>;
  try {
    parsed = parseCommandArgs(argv, OPTIONS, { max: 1 });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${CHECK_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(CHECK_USAGE);
    return 0;
  }
  const target = positionals[0];
  if (target === undefined) {
    process.stderr.write(`check needs the published folder or s3:// prefix to check\n\n${CHECK_USAGE}`);
    return 2;
  }
  const baseUrl = values["base-url"];
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/.test(baseUrl)) {
    process.stderr.write(`--base-url ${baseUrl}: not an absolute http(s) URL\n`);
    return 2;
  }
  let report: CheckReport;
  let tools: string | undefined;
  try {
    const location = parseLocation(target);
    if (location.kind === "fs") {
      const info = await stat(location.path).catch(() => undefined);
      if (!info?.isDirectory())
        throw new Error(
          `${target} ${info ? "is a file" : "does not exist"}; give the folder publish wrote (--to), or an s3:// prefix`,
        );
    }
    const s3Settings = s3SettingsFromEnv(env);
    const site = openPublishedSite(location, () => createS3Client(s3Settings));
    report = await checkSite(site, baseUrl === undefined ? {} : { baseUrl: withSlash(baseUrl) });
    if (location.kind === "fs") {
      const xmlKeys = (await site.list()).filter((key) => /\.(xml|opml)$/.test(key) && !key.startsWith("_"));
      const failing = await xmllintProblems(location.path, xmlKeys);
      tools =
        failing === undefined
          ? "xmllint not installed: not used"
          : `xmllint agreed on ${xmlKeys.length - failing.length} of ${xmlKeys.length} XML documents`;
      for (const key of failing ?? []) report.problems.push({ key, problem: "xmllint: not well-formed" });
    }
  } catch (error) {
    process.stderr.write(`check: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  process.stdout.write(
    values.json ? `${JSON.stringify(report, null, 2)}\n` : formatCheckReport(report, tools),
  );
  return report.problems.length === 0 ? 0 : 1;
}

const withSlash = (url: string) => (url.endsWith("/") ? url : `${url}/`);

const LABELS: Record<string, string> = {
  rss: "RSS",
  atom: "Atom",
  "json-feed": "JSON Feed",
  opml: "OPML",
  html: "HTML",
  other: "other",
};

export function formatCheckReport(report: CheckReport, tools?: string): string {
  const counts = Object.entries(LABELS)
    .filter(([kind]) => report.documents[kind as keyof CheckReport["documents"]] !== undefined)
    .map(([kind, label]) => `${report.documents[kind as keyof CheckReport["documents"]]} ${label}`)
    .join(", ");
  const total = Object.values(report.documents).reduce((sum, count) => sum + (count ?? 0), 0);
  const lines = [
    `checked ${total} documents in ${report.location}${counts ? ` (${counts})` : ""}`,
    `links under ${report.baseUrl ?? "(unknown base URL: not checked)"}`,
    ...(tools ? [tools] : []),
  ];
  if (report.problems.length === 0) lines.push("every check passed");
  else {
    lines.push(`${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}:`);
    for (const { key, problem } of report.problems) lines.push(`  ${key}: ${problem}`);
  }
  if (report.warnings.length > 0) {
    lines.push(`${report.warnings.length} warning${report.warnings.length === 1 ? "" : "s"} (not failures):`);
    for (const { key, problem } of report.warnings) lines.push(`  ${key}: ${problem}`);
  }
  return `${lines.join("\n")}\n`;
}
