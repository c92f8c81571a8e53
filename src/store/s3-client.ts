import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { S3Client } from "@aws-sdk/client-s3";

/** How to reach the S3 (or S3-compatible) store; everything left out falls back to the SDK's own chain. */
export interface S3ClientSettings {
  region?: string;
  /** Custom endpoint for S3-compatible stores (MinIO, R2, a local test server), e.g. `http://127.0.0.1:9000`. */
  endpoint?: string;
  /** Address buckets as `endpoint/bucket/key`; most S3-compatible stores have no per-bucket DNS names. */
  forcePathStyle?: boolean;
  /**
   * Send and check checksums only where S3 requires them. Since SDK 3.729 the client sends CRC32
   * checksums with aws-chunked framing on every upload, which many S3-compatible stores reject or
   * store verbatim as the object body (https://github.com/aws/aws-sdk-js-v3/issues/6810).
   */
  checksumWhenRequired?: boolean;
  /** Explicit credentials; omitted in production so the SDK's default chain (Lambda role, profile) applies. */
  credentials?: S3ClientConfig["credentials"];
  /**
   * Give up on a request whose connection or reply stalls for this long (then the SDK retries it).
   * Default 30 s: without one the SDK waits forever, so one stalled connection holds the run until the
   * Lambda timeout kills it. Generous enough for a large feed upload on a slow link: it bounds silence
   * on the socket, not the whole transfer.
   */
  requestTimeoutMs?: number;
}

/** The socket may stay silent this long before a request counts as failed (see requestTimeoutMs). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Opening a TCP connection to S3 takes milliseconds; seconds of nothing means a dead route. */
const CONNECTION_TIMEOUT_MS = 5_000;

export function createS3Client(settings: S3ClientSettings = {}): S3Client {
  return new S3Client({
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.forcePathStyle ? { forcePathStyle: true } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    requestHandler: {
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, settings.requestTimeoutMs ?? CONNECTION_TIMEOUT_MS),
      // socketTimeout, not requestTimeout: the latter only logs a warning unless told to throw, and would
      // bound a whole large transfer rather than silence on the socket.
      socketTimeout: settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    },
    ...(settings.checksumWhenRequired
      ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }
      : {}),
  });
}
