// A stalled S3 connection must fail the request (and let the SDK retry or the run report it), not hold
// the run until the Lambda timeout kills it: a loopback server that accepts requests and never answers.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Client } from "../../src/store/s3-client.js";

let server: Server;
let endpoint: string;
let requests = 0;

beforeAll(async () => {
  // Reads the request and never replies: a stalled connection.
  server = createServer(() => {
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the S3 client on a stalled connection", () => {
  it("gives up on the request after its timeout and retries it, then fails", async () => {
    const client = createS3Client({
      endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      requestTimeoutMs: 300,
    });
    const started = performance.now();
    await expect(client.send(new GetObjectCommand({ Bucket: "b", Key: "k" }))).rejects.toThrow();
    // Without a timeout this would wait for the test's own timeout (60 s).
    expect(performance.now() - started).toBeLessThan(30_000);
    // The SDK's standard retry mode tries 3 times; each attempt reached the server and timed out.
    expect(requests).toBeGreaterThanOrEqual(2);
    client.destroy();
  });
});
