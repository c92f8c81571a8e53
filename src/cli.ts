import { stat } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { explainCommand } from "./cli/explain.js";
import { ConfigError } from "./config.js";
import { formatReport } from "./publish/format-report.js";
import { publish } from "./publish/publish.js";
import { runSucceeded } from "./publish/report.js";
import { HttpAnnouncer } from "./publish/websub.js";
import { loadSettings } from "./settings/load.js";
import { formatLocation, LocationError, openSource, openStore } from "./store/location.js";
import { createS3Client } from "./store/s3-client.js";

export const USAGE = `Usage: feed-publisher publish [options]
       feed-publisher explain <file.txt> [options]   (how a stored page is read; see explain --help)

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
  -h, --help                        show this help

Exit codes: 0 run completed (rejected articles are listed), 1 run not completed (see the report),
2 configuration or usage error, 3 articles rejected with --fail-on-reject.
`;

/** Runs the CLI; returns the process exit code. All I/O choices (clock, env, disk) are made here. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // `explain` has its own options (src/cli/explain.ts).
  if (argv[0] === "explain") return explainCommand(argv.slice(1));
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help || positionals[0] === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals[0] !== "publish" || positionals.length > 1) {
    process.stderr.write(`unknown command: ${positionals.join(" ") || "(none)"}\n\n${USAGE}`);
    return 2;
  }

  try {
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
    if (to.kind === "fs" && (await stat(to.path).catch(() => undefined))?.isDirectory() === false)
      throw new ConfigError([`--to ${formatLocation(to)} is a file, not a folder`]);
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
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    if (!runSucceeded(report)) return 1;
    if (values["fail-on-reject"] && report.articles.rejected.length > 0) return 3;
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof LocationError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `publish failed: ${error instanceof Error ? `${error.name}: ${error.message}` : error}\n`,
    );
    return 1;
  }
}

function parse(argv: readonly string[]) {
  // node:util parseArgs: strict (unknown flags are errors) and dependency-free, which is all this CLI needs.
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
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
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
