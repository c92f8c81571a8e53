// A loopback S3 (s3rver) for `npm run dev` and the S3 tests, in a child process so a stuck server can
// always be killed and so it can run under --openssl-legacy-provider without affecting the caller.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";

/** The only key pair s3rver accepts (its hard-coded dummy account). */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** s3rver ignores the region, but the SDK refuses to sign without one. */
export const LOCAL_S3_REGION = "us-east-1";

export interface LocalS3Options {
  /**
   * A data folder kept between runs (created if missing), so a restarted dev server still has its articles
   * and manifest. Omitted: a fresh temporary folder, removed again by `stop()`.
   */
  directory?: string;
  /** A fixed port; 0 or omitted picks a free one. */
  port?: number;
  host?: string;
}

export interface LocalS3ClientOptions {
  /** Defaults to LOCAL_S3_CREDENTIALS; pass others to provoke auth failures. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Defaults to the SDK's retries; 1 makes a failing request fail at once. */
  maxAttempts?: number;
}

export interface LocalS3 {
  /** e.g. `http://127.0.0.1:4568`; objects are served at `${endpoint}/bucket/key`. */
  readonly endpoint: string;
  readonly port: number;
  readonly directory: string;
  /** A client for this server, destroyed by `stop()`. */
  client(options?: LocalS3ClientOptions): S3Client;
  stop(): Promise<void>;
}

// s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node >= 17) only offers
// under --openssl-legacy-provider: without it any listing over 1,000 keys fails.
const CHILD_SCRIPT = `
const S3rver = require(process.argv[1]);
const server = new S3rver({ address: process.argv[3], port: Number(process.argv[4]), silent: true, directory: process.argv[2] });
server.run().then(
  (address) => process.send({ port: address.port }),
  (error) => { process.send({ error: String((error && error.stack) || error) }); process.exit(1); },
);
process.on("message", (message) => {
  if (message === "stop") server.close().finally(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
`;

export async function startLocalS3(options: LocalS3Options = {}): Promise<LocalS3> {
  const host = options.host ?? "127.0.0.1";
  const temporary = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(path.join(tmpdir(), "feed-publisher-s3rver-")));
  const removeTemporary = async () => {
    if (temporary) await rm(directory, { recursive: true, force: true });
  };
  await mkdir(directory, { recursive: true });
  const s3rverPath = createRequire(import.meta.url).resolve("s3rver");
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", "-e", CHILD_SCRIPT, s3rverPath, directory, host, String(options.port ?? 0)],
    { stdio: ["ignore", "ignore", "pipe", "ipc"] },
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
    await removeTemporary();
    throw error;
  });

  const endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const clients: S3Client[] = [];
  return {
    endpoint,
    port,
    directory,
    client({ credentials = LOCAL_S3_CREDENTIALS, maxAttempts }: LocalS3ClientOptions = {}) {
      const client = new S3Client({
        region: LOCAL_S3_REGION,
        endpoint,
        forcePathStyle: true,
        credentials,
        // The SDK's default CRC32 uploads use aws-chunked framing, which s3rver stores as the body.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        ...(maxAttempts === undefined ? {} : { maxAttempts }),
      });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.destroy();
      await stopChild(child);
      await removeTemporary();
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
