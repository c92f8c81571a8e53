import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

/** The only key pair s3rver accepts (its hard-coded dummy account). */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export interface S3TestServer {
  /** e.g. `http://127.0.0.1:40123` */
  readonly endpoint: string;
  readonly directory: string;
  /** A client for this server; pass other credentials to provoke auth failures. */
  client(credentials?: { accessKeyId: string; secretAccessKey: string }): S3Client;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs in the child. s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node >= 17)
 * only offers under --openssl-legacy-provider, so any listing over 1,000 keys fails in-process.
 */
const CHILD_SCRIPT = `
const S3rver = require(process.argv[1]);
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.argv[2] });
server.run().then(
  (address) => process.send({ port: address.port }),
  (error) => { process.send({ error: String(error && error.stack || error) }); process.exit(1); },
);
process.on("message", (message) => {
  if (message === "stop") server.close().finally(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
`;

export async function startS3Server(options: { buckets?: readonly string[] } = {}): Promise<S3TestServer> {
  const directory = await mkdtemp(path.join(tmpdir(), "feed-publisher-s3rver-"));
  const s3rverPath = createRequire(import.meta.url).resolve("s3rver");
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", "-e", CHILD_SCRIPT, s3rverPath, directory],
    {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 15 s\n${stderr}`)), 15_000);
    child.once("message", (message: { port?: number; error?: string }) => {
      clearTimeout(timer);
      if (message.port) resolve(message.port);
      else reject(new Error(`s3rver failed to start: ${message.error}\n${stderr}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code} before starting\n${stderr}`));
    });
  }).catch(async (error: unknown) => {
    child.kill();
    await rm(directory, { recursive: true, force: true });
    throw error;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  const client = (credentials: { accessKeyId: string; secretAccessKey: string } = S3RVER_CREDENTIALS) => {
    const created = new S3Client({
      region: "us-east-1",
      endpoint,
      forcePathStyle: true,
      credentials,
      // Default CRC32 uploads use aws-chunked framing, which s3rver would store as the object's bytes.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      // A wrong-credentials test should fail at once, not after the SDK's backoff.
      maxAttempts: 1,
    });
    clients.push(created);
    return created;
  };
  const admin = client();
  const createBucket = async (name: string) => {
    await admin.send(new CreateBucketCommand({ Bucket: name }));
  };
  for (const bucket of options.buckets ?? []) await createBucket(bucket);

  return {
    endpoint,
    directory,
    client,
    createBucket,
    async stop() {
      for (const c of clients) c.destroy();
      await stopChild(child);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.connected) child.send("stop");
  else child.kill();
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
