import { type FSWatcher, watch } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, parseConfig } from "../config.js";
import { publish } from "../publish/publish.js";
import { runSucceeded } from "../publish/report.js";
import { FsArticleSource, FsFeedStore } from "../store/fs.js";
import { LocationError, locationsOverlap } from "../store/location.js";
import { publishedOrigin } from "./published-origin.js";
import { type PreviewServer, startPreviewServer } from "./server.js";

export const SERVE_USAGE = `Usage: feed-publisher serve [dir] [options]

Publishes --from into dir with baseUrl set to this server's own address, then serves dir on 127.0.0.1
with the Content-Type, Cache-Control, ETag and Last-Modified headers S3 would send. Ctrl-C stops it.

Options:
  [dir]                  the published folder to serve (default: public)
  --from <dir>           stored articles to publish first (default: seeds)
  --config <file>        JSON config file (its baseUrl is replaced by the preview's address)
  --port <n>             port on 127.0.0.1 (default: 8080; 0 picks a free one)
  --watch                publish again whenever a file under --from changes
  --no-publish           serve dir as it is (warns when it was published for another address)
  -h, --help             show this help
`;

export interface ServeOptions {
  dir: string;
  from: string;
  config: Record<string, unknown>;
  port: number;
  watch: boolean;
  publish: boolean;
  /** Where progress lines go (the terminal in the CLI, a buffer in tests). */
  log: (line: string) => void;
}

export interface RunningPreview extends PreviewServer {
  /** Resolves after the publish a change under --from triggered (tests wait on it). */
  readonly republished: () => Promise<void>;
}

/** Starts the preview: listen first (the origin decides baseUrl), publish, then watch if asked. */
export async function startServe(options: ServeOptions): Promise<RunningPreview> {
  const dir = path.resolve(options.dir);
  const from = path.resolve(options.from);
  if (options.publish && locationsOverlap({ kind: "fs", path: from }, { kind: "fs", path: dir }))
    throw new ConfigError([`serve: ${options.dir} overlaps --from ${options.from}; use separate folders`]);
  // Validate before binding a port, with the baseUrl replaced the same way the publish below does.
  const settings = parseConfig({ ...options.config, baseUrl: "http://127.0.0.1/" });
  if (!options.publish && !(await stat(dir).catch(() => undefined))?.isDirectory())
    throw new ConfigError([`serve: ${options.dir} is not a folder`]);

  const server = await startPreviewServer({
    root: await ensureDir(dir),
    port: options.port,
    cache: settings,
  });
  const runPublish = async () => {
    const report = await publish({
      // Hubs are dropped: a preview must not announce loopback URLs to real WebSub hubs.
      config: parseConfig({ ...options.config, baseUrl: server.origin, hubs: [] }),
      source: new FsArticleSource(from),
      store: new FsFeedStore(dir),
      now: new Date(),
    });
    const rejected = report.articles.rejected.map((r) => `\n  rejected ${r.key}: ${r.reason}`).join("");
    const failed = report.documents.failed.map((f) => `\n  not written ${f.key}: ${f.reason}`).join("");
    options.log(
      `published ${report.articles.published} articles from ${from}: ${report.documents.written.length} documents written, ${report.documents.deleted.length} deleted${rejected}${failed}`,
    );
    if (!runSucceeded(report))
      options.log("the publish did not complete; the preview shows the last good run");
  };

  let watcher: FSWatcher | undefined;
  let pending: Promise<void> = Promise.resolve();
  try {
    if (options.publish) await runPublish();
    else {
      const origin = await publishedOrigin(dir);
      if (origin && origin !== server.origin)
        options.log(
          `warning: ${dir} was published for ${origin}; its links lead there, not to this preview. Run serve without --no-publish to publish it for ${server.origin}`,
        );
    }
    if (options.watch && options.publish) {
      let timer: NodeJS.Timeout | undefined;
      // Node 20's recursive fs.watch works on Linux, macOS and Windows. Editors write files in bursts
      // (temp file, rename, chmod): one publish per quiet 200 ms, runs never overlapping.
      watcher = watch(from, { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          pending = pending.then(runPublish).catch((error: unknown) => {
            options.log(`publish failed: ${error instanceof Error ? error.message : String(error)}`);
          });
        }, 200);
      });
      options.log(`watching ${from}`);
    }
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    origin: server.origin,
    republished: () => pending,
    close: async () => {
      watcher?.close();
      await pending;
      await server.close();
    },
  };
}

async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

/** `feed-publisher serve …`: runs until SIGINT/SIGTERM; returns the exit code. */
export async function runServe(argv: readonly string[]): Promise<number> {
  let values: ReturnType<typeof parseServeArgs>["values"];
  let positionals: string[];
  try {
    ({ values, positionals } = parseServeArgs(argv));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${SERVE_USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (positionals.length > 1 || !Number.isInteger(port) || port < 0 || port > 65535) {
    const problem =
      positionals.length > 1 ? `unexpected argument ${positionals[1]}` : `--port ${values.port}: not a port`;
    process.stderr.write(`${problem}\n\n${SERVE_USAGE}`);
    return 2;
  }
  let preview: RunningPreview;
  try {
    preview = await startServe({
      dir: positionals[0] ?? "public",
      from: values.from,
      config: values.config ? await readConfigObject(values.config) : {},
      port,
      watch: values.watch,
      publish: !values["no-publish"],
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } catch (error) {
    // A bad setting or a missing --from folder is a usage error, as for publish.
    if (error instanceof ConfigError || error instanceof LocationError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      process.stderr.write(`port ${port} is in use on 127.0.0.1; pick another with --port\n`);
      return 2;
    }
    process.stderr.write(`serve failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(
    `preview at ${preview.origin} (subscribe to ${preview.origin}rss.xml); Ctrl-C stops it\n`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await preview.close();
  process.stdout.write("preview stopped\n");
  return 0;
}

function parseServeArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      from: { type: "string", default: "seeds" },
      config: { type: "string" },
      port: { type: "string", default: "8080" },
      watch: { type: "boolean", default: false },
      "no-publish": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

async function readConfigObject(file: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new ConfigError([`--config ${file}: ${(error as Error).message}`]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ConfigError([`--config ${file}: expected a JSON object`]);
  return value as Record<string, unknown>;
}
