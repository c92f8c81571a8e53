// `npm run dev`: the deployed flow on this machine. Starts a loopback S3 (s3rver), uploads seeds/ as
// the stored articles, runs the handler against the bucket, prints where a feed reader can subscribe,
// and republishes whenever seeds/ changes (what the S3 trigger does when deployed). Ctrl-C stops it.
//   npm run dev
//   npm run dev -- --port 4568 --seeds seeds --fresh
import { watch } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { formatResult, invokeHandler, localDefaults, readEvent } from "./invoke-local.js";
import { LOCAL_S3_CREDENTIALS, LOCAL_S3_REGION, startLocalS3 } from "./local-s3.js";

const SERVICE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ARTICLES_PREFIX = "articles/";
const OUTPUT_PREFIX = "public/";

const CONTENT_TYPES: Record<string, string> = {
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".json": "application/json",
};

async function listFiles(root: string, dir = root): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(root, full);
      return entry.isFile() && !entry.name.startsWith(".") ? [path.relative(root, full)] : [];
    }),
  );
  return files.flat().sort();
}

async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
  }
  // The deployed bucket allows cross-origin GETs for browser feed readers; so does this one.
  await client.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedMethods: ["GET", "HEAD"],
            AllowedOrigins: ["*"],
            AllowedHeaders: ["*"],
            ExposeHeaders: ["ETag", "Last-Modified"],
          },
        ],
      },
    }),
  );
}

/** Mirrors the seeds folder under the articles prefix, removals included, as an uploader would. */
async function syncArticles(client: S3Client, bucket: string, seeds: string): Promise<number> {
  const files = await listFiles(seeds);
  for (const file of files) {
    const key = ARTICLES_PREFIX + file.split(path.sep).join("/");
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: await readFile(path.join(seeds, file)),
        ContentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      }),
    );
  }
  const wanted = new Set(files.map((file) => ARTICLES_PREFIX + file.split(path.sep).join("/")));
  const stale: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: ARTICLES_PREFIX, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key && !wanted.has(object.Key)) stale.push(object.Key);
    }
    token = page.NextContinuationToken;
  } while (token);
  if (stale.length > 0) {
    await client.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: stale.map((Key) => ({ Key })) } }),
    );
  }
  return files.length;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "4568" },
      bucket: { type: "string", default: "feeds" },
      seeds: { type: "string", default: "seeds" },
      data: { type: "string", default: ".s3rver" },
      fresh: { type: "boolean", default: false },
      once: { type: "boolean", default: false },
    },
  });
  const seeds = path.resolve(SERVICE_DIR, values.seeds);
  const directory = path.resolve(SERVICE_DIR, values.data);
  if (values.fresh) await rm(directory, { recursive: true, force: true });

  const s3 = await startLocalS3({ directory, port: Number(values.port) });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await s3.stop();
  };
  try {
    const client = s3.client();
    const bucket = values.bucket;
    await ensureBucket(client, bucket);
    const outputUrl = `${s3.endpoint}/${bucket}/${OUTPUT_PREFIX}`;
    // The handler reads these once, at import, exactly as in Lambda. A FEED_BASE_URL already set wins
    // (say, a LAN address for a reader on another machine); other FEED_* settings pass through.
    const env: Record<string, string> = {
      // The same sample settings as `npm start` and `npm run invoke` (zone, title, author), unless given.
      FEED_CONFIG: process.env.FEED_CONFIG || (await localDefaults()).FEED_CONFIG,
      FEED_SOURCE: `s3://${bucket}/${ARTICLES_PREFIX}`,
      FEED_OUTPUT: `s3://${bucket}/${OUTPUT_PREFIX}`,
      FEED_BASE_URL: process.env.FEED_BASE_URL || outputUrl,
      FEED_S3_ENDPOINT: s3.endpoint,
      FEED_S3_FORCE_PATH_STYLE: "true",
      AWS_REGION: LOCAL_S3_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
    };
    // A developer's AWS session must not be mixed with the s3rver key pair.
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    const event = await readEvent();

    const run = async () => {
      const count = await syncArticles(client, bucket, seeds);
      const { ok, result } = await invokeHandler(event, env);
      process.stdout.write(`${new Date().toISOString()} ${count} articles uploaded\n${formatResult(result)}`);
      return ok;
    };

    const ok = await run();
    process.stdout.write(
      [
        "",
        `Local S3 at ${s3.endpoint} (credentials S3RVER/S3RVER, data in ${path.relative(SERVICE_DIR, directory)}/)`,
        values.once
          ? "Published; --once stops the server now. Without --once these URLs stay up for a feed reader:"
          : "Subscribe in a feed reader on this machine:",
        `  RSS 2.0    ${outputUrl}rss.xml`,
        `  Atom 1.0   ${outputUrl}atom.xml`,
        `  JSON Feed  ${outputUrl}feed.json`,
        `  OPML       ${outputUrl}feeds.opml`,
        `  Site       ${outputUrl}index.html`,
        "",
      ].join("\n"),
    );
    if (values.once) {
      process.exitCode = ok ? 0 : 1;
      return;
    }

    process.stdout.write(`Watching ${path.relative(SERVICE_DIR, seeds)}/ for changes; Ctrl-C to stop.\n`);
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    // Editors save in bursts (temp file, rename); one run per burst is enough.
    const watcher = watch(seeds, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(run).catch((error: unknown) => {
          process.stderr.write(`run failed: ${error instanceof Error ? error.message : String(error)}\n`);
        });
      }, 300);
    });
    await new Promise<void>((resolve) => {
      const onSignal = () => {
        watcher.close();
        clearTimeout(timer);
        resolve();
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
    });
    await running;
  } finally {
    await stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
