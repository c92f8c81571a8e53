import { stat } from "node:fs/promises";
import { ConfigError } from "../config.js";
import { formatReport } from "../publish/format-report.js";
import { publish } from "../publish/publish.js";
import { runSucceeded } from "../publish/report.js";
import { HttpAnnouncer } from "../publish/websub.js";
import { loadSettings } from "../settings/load.js";
import { formatLocation, type Location, LocationError, openSource, openStore } from "../store/location.js";
import { createS3Client } from "../store/s3-client.js";
import { terminalSafeJson } from "../terminal-safe.js";
import { parseCommandArgs, UsageError } from "./args.js";
import type { CliCommand } from "./command.js";
import { progressLine } from "./progress.js";

export const PUBLISH_USAGE = `Usage: feed-publisher publish [options]

Reads stored articles (.txt scraped pages, .json, .md) and publishes RSS 2.0, Atom 1.0 and JSON Feed 1.1
feeds, article pages, index.html and feeds.opml.

Options:
  --from <dir|s3://bucket/prefix/>  stored articles (default: seeds)
  --to <dir|s3://bucket/prefix/>    output location (default: public)
  --config <file>                   JSON config file (see README: Configuration)
  --base-url <url>                  where the output is served (default: http://localhost:8080/)
  --time-zone <zone>                IANA zone of the sources' local times (default: UTC)
  --dry-run                         plan and check everything, write nothing
  --full                            ignore the saved state: re-read every article, re-check every document
  --json                            print the report as JSON
  --fail-on-reject                  exit 3 when any article is rejected
  --allow-mass-unpublish            let this run unpublish more than maxUnpublishShare of the site
  --time-limit <seconds>            stop starting new work after this long, save progress, exit 4
  -h, --help                        show this help

Exit codes: 0 run completed (rejected articles are listed), 1 run not completed (see the report),
2 configuration or usage error, 3 articles rejected with --fail-on-reject, 4 stopped at --time-limit
with work left (progress is saved: run again to continue).
`;

const OPTIONS = {
  from: { type: "string" },
  to: { type: "string" },
  config: { type: "string" },
  "base-url": { type: "string" },
  "time-zone": { type: "string" },
  "dry-run": { type: "boolean", default: false },
  full: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  "fail-on-reject": { type: "boolean", default: false },
  "allow-mass-unpublish": { type: "boolean", default: false },
  "time-limit": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

export const publishCommand: CliCommand = {
  name: "publish",
  summary: "publish stored articles as feeds, article pages, index.html and feeds.opml",
  run: runPublish,
};

/** `feed-publisher publish`: all I/O choices (clock, env, disk, terminal) are made here. */
export async function runPublish(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let values: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>["values"];
  try {
    ({ values } = parseCommandArgs(argv, OPTIONS, { max: 0 }));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${PUBLISH_USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(PUBLISH_USAGE);
    return 0;
  }

  const progress = progressLine(process.stderr, { enabled: !values.json });
  const started = Date.now();
  try {
    const timeLimit = timeLimitSeconds(values["time-limit"]);
    // Settings come from --config, FEED_* variables and flags, in the order docs/configuration.md gives.
    const settings = loadSettings({
      env,
      target: "cli",
      flags: {
        ...(values.config !== undefined ? { config: values.config } : {}),
        ...(values.from !== undefined ? { from: values.from } : {}),
        ...(values.to !== undefined ? { to: values.to } : {}),
        ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}),
        ...(values["time-zone"] ? { timeZone: values["time-zone"] } : {}),
      },
    });
    const { config, source: from, output: to } = settings;
    const s3 = () => createS3Client(settings.s3);
    if (from.kind === "fs" && (await stat(from.path).catch(() => undefined))?.isFile())
      throw new UsageError([
        `--from ${formatLocation(from)} is a file; give the folder that holds the articles (or an s3:// prefix)`,
      ]);
    if (to.kind === "fs" && (await stat(to.path).catch(() => undefined))?.isDirectory() === false)
      throw new UsageError([`--to ${formatLocation(to)} is a file, not a folder`]);
    const report = await publish({
      config,
      source: openSource(from, s3),
      store: openStore(to, s3),
      now: new Date(),
      dryRun: values["dry-run"],
      full: values.full,
      allowMassUnpublish: values["allow-mass-unpublish"],
      defaultsUsed: settings.defaultsUsed,
      announcer: new HttpAnnouncer(),
      onProgress: progress.update,
      ...(timeLimit !== undefined ? { deadline: started + timeLimit * 1000 } : {}),
    });
    progress.done();
    const succeeded = runSucceeded(report);
    if (values.json) process.stdout.write(`${terminalSafeJson(JSON.stringify(report, null, 2))}\n`);
    else {
      process.stdout.write(formatReport(report));
      if (succeeded && !report.dryRun)
        process.stdout.write(
          `\n${nextStep({ from, to, config: values.config, feedUrl: `${config.baseUrl}rss.xml` })}\n`,
        );
    }
    if (report.documents.failed.length === 0 && report.incomplete) return EXIT_INCOMPLETE;
    if (!succeeded) return 1;
    if (values["fail-on-reject"] && report.articles.rejected.length > 0) return 3;
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof ConfigError || error instanceof LocationError || error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `publish failed: ${error instanceof Error ? `${error.name}: ${error.message}` : error}\n`,
    );
    return 1;
  }
}

/** Exit code of a run stopped at --time-limit with work left (a rerun continues it). */
export const EXIT_INCOMPLETE = 4;

function timeLimitSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (text.trim() === "" || !Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError([
      `--time-limit ${JSON.stringify(text)}: expected a number of seconds greater than 0`,
    ]);
  return seconds;
}

/** The one line after a report that says what to do with what was just published. */
export function nextStep(run: {
  from: Location;
  to: Location;
  config?: string | undefined;
  feedUrl: string;
}): string {
  const to = formatLocation(run.to);
  if (run.to.kind === "s3")
    return `next: check it with \`npx feed-publisher check ${to}\`; readers subscribe at ${run.feedUrl}`;
  // serve re-publishes --from for its own address, so the preview's links work whatever baseUrl says.
  // `npx` because a clone or a local install puts the command in node_modules/.bin, not on PATH (npx
  // finds a global install too).
  const serve = ["npx feed-publisher serve", quote(to)];
  if (run.from.kind === "fs") serve.push("--from", quote(formatLocation(run.from)));
  if (run.config) serve.push("--config", quote(run.config));
  return `next: preview it with \`${serve.join(" ")}\`; once ${to} is served at its baseUrl, readers subscribe at ${run.feedUrl}`;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
