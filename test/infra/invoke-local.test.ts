// `osls invoke local --stage local` must republish exactly the site `npm run dev` published (issue 10
// item 19): same bucket, same base URL, same sample config. Before the local stage it ran with
// serverless.yml's defaults (title, timeZone UTC), moved every date and rewrote all 27 documents, and
// without `-e` it aimed at the real s3://feed-publisher-dev-feeds/.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_S3_CREDENTIALS, type LocalS3, startLocalS3 } from "../../infra/local-s3.js";
import { offlineEnv, SERVICE_DIR } from "../../infra/package-offline.js";

const run = promisify(execFile);

/** A port nothing listens on now: dev.ts and the second s3rver must share it, since it is in every URL. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

interface Report {
  source: string;
  output: string;
  documents: { written: string[]; unchanged: number; deleted: string[]; failed: unknown[] };
}

async function etags(s3: LocalS3): Promise<Map<string, string>> {
  const client = s3.client();
  const listing = await client.send(new ListObjectsV2Command({ Bucket: "feeds", Prefix: "public/" }));
  return new Map((listing.Contents ?? []).map((object) => [object.Key ?? "", object.ETag ?? ""]));
}

let dataDir: string;
let port: number;
let s3: LocalS3 | undefined;
let before: Map<string, string>;
let report: Report;
let after: Map<string, string>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "feed-publisher-invoke-local-"));
  port = await freePort();
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  // What a developer runs first: publish seeds/ to s3rver and stop.
  await run(process.execPath, [tsx, "infra/dev.ts", "--once", "--port", String(port), "--data", dataDir], {
    cwd: SERVICE_DIR,
    env: { ...offlineEnv(), FEED_BASE_URL: "", FEED_CONFIG: "" },
  });
  s3 = await startLocalS3({ directory: dataDir, port });
  before = await etags(s3);

  // The documented command, with the port moved off 4568 so a developer's own `npm run dev` is safe.
  // {"full": true} re-reads every article and re-renders every document: nothing written means the
  // settings are the same, byte for byte.
  const osls = createRequire(import.meta.url).resolve("osls/bin/serverless.js");
  const { stdout } = await run(
    process.execPath,
    [
      osls,
      "invoke",
      "local",
      "--stage",
      "local",
      "-f",
      "publish",
      "--data",
      '{"full":true}',
      `--param=s3Endpoint=http://127.0.0.1:${port}`,
      `--param=baseUrl=http://127.0.0.1:${port}/feeds/public/`,
    ],
    {
      cwd: SERVICE_DIR,
      env: {
        ...offlineEnv(),
        AWS_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  // osls prints the handler's result last, indented; the handler's own logs are one line each.
  report = JSON.parse(stdout.slice(stdout.lastIndexOf("\n{\n") + 1));
  after = await etags(s3);
}, 240_000);

afterAll(async () => {
  await s3?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("osls invoke local --stage local", () => {
  it("publishes to npm run dev's loopback bucket, never to a real one", () => {
    expect(report.source).toBe("s3://feeds/articles/");
    expect(report.output).toBe("s3://feeds/public/");
  });

  it("rebuilds npm run dev's site byte for byte: nothing written, nothing deleted", () => {
    expect(report.documents.failed).toEqual([]);
    expect(report.documents.deleted).toEqual([]);
    expect(report.documents.written).toEqual([]);
    expect(report.documents.unchanged).toBeGreaterThan(10);
    expect(after).toEqual(before);
  });
});
