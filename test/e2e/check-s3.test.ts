import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli.js";
import { publish } from "../../src/publish/publish.js";
import { FsArticleSource } from "../../src/store/fs.js";
import { S3FeedStore } from "../../src/store/s3.js";
import { SEEDS, sampleConfig } from "../site/seed-site.js";
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from "./s3-server.js";

// `feed-publisher check s3://…` against a loopback S3 (s3rver): the stored Content-Type is part of the check.

const BUCKET = "check-site";
let server: S3TestServer;
let client: S3Client;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
  client = server.client();
  env = {
    FEED_S3_ENDPOINT: server.endpoint,
    FEED_S3_FORCE_PATH_STYLE: "true",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  };
  const report = await publish({
    config: sampleConfig(),
    source: new FsArticleSource(SEEDS),
    store: new S3FeedStore(client, BUCKET, "public/"),
    now: new Date("2026-11-29T00:00:00Z"),
  });
  expect(report.documents.failed).toEqual([]);
});
afterAll(async () => {
  await server?.stop();
});

async function runCheck(): Promise<{
  code: number;
  report: { problems: { key: string; problem: string }[] };
}> {
  const out: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  // The CLI reads AWS credentials from the environment through the SDK's default chain.
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(["check", `s3://${BUCKET}/public/`, "--json"], env);
    return { code, report: JSON.parse(out.join("")) };
  } finally {
    process.env = saved;
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe("feed-publisher check s3://", () => {
  it("passes what publish stored, private _state/ included in the listing but not checked", async () => {
    const { code, report } = await runCheck();
    expect(report.problems).toEqual([]);
    expect(code).toBe(0);
  });

  it("fails a document stored with the wrong Content-Type", async () => {
    const stored = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "public/atom.xml" }));
    const body = await stored.Body?.transformToByteArray();
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "public/atom.xml", Body: body, ContentType: "text/xml" }),
    );
    const { code, report } = await runCheck();
    expect(code).toBe(1);
    expect(report.problems).toEqual([
      { key: "atom.xml", problem: "stored with Content-Type text/xml, expected application/atom+xml" },
    ]);
  });
});
