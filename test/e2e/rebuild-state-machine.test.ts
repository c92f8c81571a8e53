// The rebuild state machine (infra/rebuild.yml) end to end: its definition, run step by step as Step
// Functions would (test/infra/asl-runner.ts), invoking the rebuild function's handler against the
// loopback S3 server, must publish exactly the bytes the publish function's one run publishes.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import aslValidator from "asl-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/env.js";
import { createHandler } from "../../src/handler.js";
import type { PublishReport } from "../../src/publish/report.js";
import { createRebuildHandler } from "../../src/rebuild-handler.js";
import { createS3Client } from "../../src/store/s3-client.js";
import { type Json, loadDefinition, runMachine } from "../infra/asl-runner.js";
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from "./s3-server.js";

const NOW = new Date("2022-09-21T00:00:00Z");
const BUCKET = "rebuild";
const REBUILD_YML = fileURLToPath(new URL("../../infra/rebuild.yml", import.meta.url));
const SEEDS = new URL("../../seeds/", import.meta.url);

let server: S3TestServer;
let admin: S3Client;

beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
  admin = server.client();
  for (const entry of await readdir(SEEDS, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      await put(`articles/seeds/${path.relative(fileURLToPath(SEEDS), full)}`, await readFile(full));
    }
  // SAMPLE articles (written for this test, not real news), in the seed's layout.
  for (let i = 1; i <= 24; i++)
    await put(
      `articles/sample/s${i}.txt`,
      `${(i % 20) + 1} / August / 2022 : 10-${String(i).padStart(2, "0")}\n\nSample headline ${i}\n\nA sample paragraph ${i}.\n\nViewed 12times\n`,
    );
  await put("articles/sample/empty.txt", "");
});

afterAll(async () => {
  await server?.stop();
});

async function put(key: string, body: string | Uint8Array) {
  await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

async function published(prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await admin.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }),
    );
    for (const { Key } of page.Contents ?? []) {
      if (!Key) continue;
      const object = await admin.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
      out.set(Key.slice(prefix.length), (await object.Body?.transformToString()) ?? "");
    }
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

const env = (output: string): Env => ({
  AWS_LAMBDA_FUNCTION_NAME: "feed-publisher-e2e-rebuild",
  AWS_REGION: "us-east-1",
  FEED_SOURCE: `s3://${BUCKET}/articles/`,
  FEED_OUTPUT: `s3://${BUCKET}/${output}`,
  FEED_TITLE: "E2E News",
  FEED_BASE_URL: "https://feeds.example.com/news/",
  FEED_TIME_ZONE: "Asia/Yerevan",
  FEED_S3_ENDPOINT: server.endpoint,
  FEED_S3_FORCE_PATH_STYLE: "true",
});
const s3Client = (settings: Parameters<typeof createS3Client>[0]) =>
  createS3Client({ ...settings, credentials: S3RVER_CREDENTIALS });
const quietLogger = { info() {}, warn() {}, error() {}, addContext() {} } as never;

describe("the rebuild state machine", () => {
  it("is a valid Amazon States Language definition", async () => {
    const machine = await loadDefinition(
      REBUILD_YML,
      { rebuildBatchSize: 1000, rebuildConcurrency: 40 },
      { RebuildFunction: "arn:aws:lambda:eu-central-1:123456789012:function:feed-publisher-dev-rebuild" },
    );
    const { isValid } = aslValidator(machine as never);
    expect(isValid).toBe(true);
    expect(machine.States.Plan).toMatchObject({ Parameters: { Payload: { batchSize: 1000 } } });
    expect(machine.States.Read).toMatchObject({
      ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED" } },
      ItemBatcher: { MaxItemsPerBatchPath: "$.plan.batchSize" },
      MaxConcurrency: 40,
    });
  });

  it("publishes, from the loopback S3 server, the bytes one publish run publishes", async () => {
    const single = await createHandler({
      env: env("single/"),
      clock: () => NOW,
      s3Client,
      logger: quietLogger,
    })({});
    expect((single as PublishReport).articles.rejected.map((r) => r.key)).toEqual(["sample/empty.txt"]);

    const rebuild = createRebuildHandler({
      env: env("public/"),
      clock: () => NOW,
      s3Client,
      logger: quietLogger,
    });
    const invoked: string[] = [];
    let plan = { toRead: 0, of: 0 };
    const machine = await loadDefinition(
      REBUILD_YML,
      { rebuildBatchSize: 7, rebuildConcurrency: 3 },
      { RebuildFunction: "rebuild-function" },
    );
    const output = (await runMachine(
      machine,
      { pagesPerSlice: 8 },
      {
        invoke: async (name, payload) => {
          expect(name).toBe("rebuild-function");
          const step = payload as { rebuild?: string; BatchInput?: { rebuild: string } };
          invoked.push(step.rebuild ?? step.BatchInput?.rebuild ?? "?");
          // What a Lambda returns reaches Step Functions as JSON.
          const returned = JSON.parse(JSON.stringify(await rebuild(payload))) as Json;
          if (step.rebuild === "plan") plan = returned as typeof plan;
          return returned;
        },
        getObject: async (bucket, key) => {
          const object = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          return (await object.Body?.transformToString()) ?? "";
        },
      },
    )) as unknown as { report: PublishReport & { rebuild: { pagesWritten: number } } };

    expect(plan.toRead).toBe(30);
    expect(plan.of).toBe(4);
    // 30 articles in batches of 7, 4 page slices.
    expect(invoked.filter((step) => step === "read")).toHaveLength(5);
    expect(invoked.filter((step) => step === "pages")).toHaveLength(4);
    expect(invoked.filter((step) => step !== "read" && step !== "pages")).toEqual([
      "plan",
      "merge",
      "finish",
    ]);
    expect(output.report.rebuild.pagesWritten).toBe(29);
    expect(output.report.articles.rejected.map((r) => r.key)).toEqual(["sample/empty.txt"]);

    const one = await published("single/");
    const many = await published("public/");
    const site = (all: Map<string, string>) =>
      new Map([...all].filter(([key]) => !key.startsWith("_state/")));
    expect(site(many)).toEqual(site(one));
    expect(site(many).size).toBeGreaterThan(29);
    expect([...many.keys()].filter((key) => key.startsWith("_state/fanout/"))).toEqual([]);

    // The publish function takes over the rebuilt site with nothing to do.
    const next = (await createHandler({
      env: env("public/"),
      clock: () => NOW,
      s3Client,
      logger: quietLogger,
    })({} as never)) as PublishReport;
    expect(next.documents.written).toEqual([]);
  }, 180_000);
});
