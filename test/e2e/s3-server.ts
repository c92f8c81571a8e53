// The loopback S3 of `npm run dev` (infra/local-s3.ts), on a free port with a temporary data folder, plus
// the bucket set-up the e2e and store tests need.
import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { LOCAL_S3_CREDENTIALS, startLocalS3 } from "../../infra/local-s3.js";

/** The only key pair s3rver accepts (its hard-coded dummy account). */
export const S3RVER_CREDENTIALS = LOCAL_S3_CREDENTIALS;

export interface S3TestServer {
  /** e.g. `http://127.0.0.1:40123` */
  readonly endpoint: string;
  readonly directory: string;
  /** A client for this server; pass other credentials to provoke auth failures. */
  client(credentials?: { accessKeyId: string; secretAccessKey: string }): S3Client;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startS3Server(options: { buckets?: readonly string[] } = {}): Promise<S3TestServer> {
  const server = await startLocalS3({ port: 0 });
  // A wrong-credentials test should fail at once, not after the SDK's backoff.
  const client = (credentials: { accessKeyId: string; secretAccessKey: string } = S3RVER_CREDENTIALS) =>
    server.client({ credentials, maxAttempts: 1 });
  const admin = client();
  const createBucket = async (name: string) => {
    await admin.send(new CreateBucketCommand({ Bucket: name }));
  };
  for (const bucket of options.buckets ?? []) await createBucket(bucket);

  return { endpoint: server.endpoint, directory: server.directory, client, createBucket, stop: server.stop };
}
