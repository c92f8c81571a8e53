import type { S3Client } from "@aws-sdk/client-s3";
import { createS3Client, type S3ClientSettings } from "../store/s3-client.js";

/** A client, or a factory called with the settings from the environment. */
export type S3ClientSource = S3Client | ((settings: S3ClientSettings) => S3Client);

/**
 * One client per instance, reused by every invocation (connection reuse, no repeated credential
 * lookups), created on the first run that needs S3: `getClient(settings)` is what openSource/openStore take.
 */
export function clientOnce(source: S3ClientSource | undefined) {
  let client: S3Client | undefined;
  return (s3: S3ClientSettings) => () => {
    client ??= typeof source === "function" ? source(s3) : (source ?? createS3Client(s3));
    return client;
  };
}
