import type { ListObjectsV2CommandOutput, S3Client } from "@aws-sdk/client-s3";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { byKey } from "../order.js";
import type {
  ArticleSource,
  FeedStore,
  SourceEntry,
  StoredDocument,
  StoredObject,
} from "../publish/ports.js";
import { ArticleRefusedError, PreconditionFailedError } from "../publish/ports.js";

/** One key DeleteObjects could not delete. */
export interface S3DeleteFailure {
  key: string;
  code: string;
  message: string;
}

/**
 * An S3 call failed. The message names the operation, the s3:// address and a reason a person can act
 * on; `cause` is a sanitised copy of the SDK error (name, message, code, status, request id).
 */
export class S3StoreError extends Error {
  override name = "S3StoreError";
  /** Per-key failures of a DeleteObjects call. */
  readonly failures: S3DeleteFailure[];

  constructor(
    readonly operation: string,
    readonly bucket: string,
    /** Full object key, or the prefix for listings. */
    readonly key: string,
    /** S3 error code (e.g. NoSuchBucket) or SDK error name; "unknown" when neither is known. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown; failures?: S3DeleteFailure[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.failures = options?.failures ?? [];
  }
}

interface SdkErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const asSdkError = (error: unknown): SdkErrorLike =>
  typeof error === "object" && error !== null ? (error as SdkErrorLike) : { message: String(error) };

const statusOf = (error: unknown): number | undefined => asSdkError(error).$metadata?.httpStatusCode;

/** S3 error code: the SDK exposes it as the error's name for modelled and unmodelled service errors alike. */
function codeOf(error: unknown): string {
  const e = asSdkError(error);
  return e.Code ?? e.code ?? e.name ?? "unknown";
}

const REASONS: Record<string, string> = {
  NoSuchBucket: "the bucket does not exist",
  NoSuchKey: "the object does not exist",
  NotFound: "the object does not exist",
  InvalidAccessKeyId: "the access key id is not known to the store; check the configured credentials",
  SignatureDoesNotMatch:
    "the secret access key does not match the access key id; check the configured credentials",
  ExpiredToken: "the credentials have expired",
  InvalidToken: "the session token is invalid",
  AccessDenied: "access denied; check the IAM policy or bucket policy for this operation",
  Forbidden: "access denied; check the IAM policy or bucket policy for this operation",
  AllAccessDisabled: "all access to this bucket has been disabled",
  PermanentRedirect: "the bucket is in another region; set AWS_REGION to the bucket's region",
  AuthorizationHeaderMalformed:
    "the request was signed for the wrong region; set AWS_REGION to the bucket's region",
  CredentialsProviderError: "no AWS credentials were found (environment, profile or instance role)",
  ECONNREFUSED: "the endpoint refused the connection; check the endpoint URL",
  ENOTFOUND: "the endpoint host name does not resolve; check the endpoint URL and region",
  TimeoutError: "the request timed out",
};

function reasonFor(error: unknown): { code: string; reason: string } {
  let code = codeOf(error);
  // Errors without a body (HEAD, some 403/404s) reach us only as an HTTP status.
  if (code === "unknown" || code === "Error" || code === "UnknownError") {
    const status = statusOf(error);
    if (status === 403) code = "AccessDenied";
    else if (status === 404) code = "NotFound";
    const errno = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof errno === "string") code = errno;
  }
  const known = REASONS[code];
  const message = asSdkError(error).message;
  return { code, reason: known ?? (message && message !== code ? message : "the request failed") };
}

const s3Url = (bucket: string, key: string) => `s3://${bucket}/${key}`;

/**
 * A copy of an SDK error without its enumerable `$response` (which holds the signed request, Authorization
 * header included) or echoed fields such as AWSAccessKeyId and StringToSign: loggers such as Powertools
 * serialise every enumerable property of an error's cause.
 */
function sanitise(error: unknown): Error {
  const e = asSdkError(error);
  const clean = new Error(e.message ?? String(error));
  clean.name = e.name ?? "Error";
  if (error instanceof Error && error.stack) clean.stack = error.stack;
  const { httpStatusCode, requestId } = e.$metadata ?? {};
  return Object.assign(clean, {
    code: codeOf(error),
    ...(httpStatusCode === undefined ? {} : { httpStatusCode }),
    ...(requestId ? { requestId } : {}),
  });
}

function wrap(
  operation: string,
  verb: string,
  bucket: string,
  key: string,
  error: unknown,
  failures: S3DeleteFailure[] = [],
): S3StoreError {
  const { code, reason } = reasonFor(error);
  return new S3StoreError(
    operation,
    bucket,
    key,
    code,
    `cannot ${verb} ${s3Url(bucket, key)}: ${reason} (${code})`,
    {
      cause: sanitise(error),
      failures,
    },
  );
}

const isMissing = (error: unknown) => {
  const code = codeOf(error);
  return code === "NoSuchKey" || code === "NotFound" || statusOf(error) === 404;
};

/** A missing bucket is also a 404, but must never pass for a missing object. */
const isMissingBucket = (error: unknown) => codeOf(error) === "NoSuchBucket";

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, "");
  return trimmed === "" || trimmed.endsWith("/") ? trimmed : `${trimmed}/`;
}

/** Mirrors FsArticleSource, which skips dot-files and dot-folders: an `aws s3 sync` of a folder uploads them too. */
const isHidden = (relativeKey: string) => relativeKey.split("/").some((segment) => segment.startsWith("."));

/** What both adapters share: a client, a bucket, and a prefix that every key is relative to. */
abstract class S3PrefixAdapter {
  readonly location: string;
  protected readonly prefix: string;

  constructor(
    protected readonly client: S3Client,
    protected readonly bucket: string,
    prefix: string,
  ) {
    this.prefix = normalisePrefix(prefix);
    this.location = s3Url(bucket, this.prefix);
  }
}

/** Stored articles under an S3 prefix. Keys are relative to the prefix. */
export class S3ArticleSource extends S3PrefixAdapter implements ArticleSource {
  async list(): Promise<SourceEntry[]> {
    const entries: SourceEntry[] = [];
    let continuationToken: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.prefix || undefined,
            ContinuationToken: continuationToken,
          }),
        );
      } catch (error) {
        throw wrap("ListObjectsV2", "list", this.bucket, this.prefix, error);
      }
      for (const object of page.Contents ?? []) {
        const fullKey = object.Key;
        if (!fullKey?.startsWith(this.prefix)) continue;
        const key = fullKey.slice(this.prefix.length);
        // Consoles create zero-byte "folder" objects ending in "/"; they are not articles.
        if (key === "" || key.endsWith("/") || isHidden(key)) continue;
        entries.push({
          key,
          etag: object.ETag ?? "",
          size: object.Size ?? 0,
          lastModified: (object.LastModified ?? new Date(0)).toISOString(),
        });
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return entries.sort(byKey);
  }

  async read(key: string, options: { maxBytes?: number } = {}): Promise<Uint8Array> {
    const fullKey = this.prefix + key;
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: fullKey }));
      if (!response.Body) return new Uint8Array();
      return await readAtMost(response.Body as AsyncIterable<Uint8Array>, key, options.maxBytes);
    } catch (error) {
      if (error instanceof ArticleRefusedError) throw error;
      throw wrap("GetObject", "read", this.bucket, fullKey, error);
    }
  }
}

/**
 * Counts bytes as they arrive and stops (closing the connection) past `maxBytes`: an object that grew
 * after it was listed is refused without ever being held whole in memory.
 */
async function readAtMost(
  body: AsyncIterable<Uint8Array>,
  key: string,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    // Leaving the loop early destroys the stream, which aborts the transfer.
    if (total > maxBytes)
      throw new ArticleRefusedError(key, `too large: more than ${maxBytes} bytes when read`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

const DELETE_BATCH = 1000;

/** Published documents under an S3 prefix. Keys are relative to the prefix. */
export class S3FeedStore extends S3PrefixAdapter implements FeedStore {
  async read(key: string): Promise<StoredObject | undefined> {
    const fullKey = this.prefix + key;
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: fullKey }));
      const body = response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
      return { body, etag: response.ETag ?? "" };
    } catch (error) {
      if (isMissing(error) && !isMissingBucket(error)) return undefined;
      if (statusOf(error) === 403 && !(await this.exists(fullKey))) return undefined;
      throw wrap("GetObject", "read", this.bucket, fullKey, error);
    }
  }

  /**
   * S3 answers a GET of a missing key with 403 instead of 404 unless the caller may list the bucket
   * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, "Permissions"). Our least-privilege
   * role may list only its prefixes, so a 403 is told apart from a missing key by listing that key; a
   * listing that is denied too leaves the original 403 standing.
   */
  private async exists(fullKey: string): Promise<boolean> {
    try {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: fullKey, MaxKeys: 1 }),
      );
      return (page.Contents ?? []).some((object) => object.Key === fullKey);
    } catch {
      return true;
    }
  }

  async write(doc: StoredDocument, options: { ifMatch?: string | null } = {}): Promise<void> {
    const fullKey = this.prefix + doc.key;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: fullKey,
          Body: doc.body,
          ContentType: doc.contentType,
          CacheControl: doc.cacheControl,
          Metadata: { sha256: doc.sha256 },
          // S3 conditional writes: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
          ...(typeof options.ifMatch === "string" ? { IfMatch: options.ifMatch } : {}),
          ...(options.ifMatch === null ? { IfNoneMatch: "*" } : {}),
        }),
      );
    } catch (error) {
      const status = statusOf(error);
      const code = codeOf(error);
      // 412: the precondition failed. 409 ConditionalRequestConflict: another conditional write to the
      // same key was in flight; either way another run got there first.
      if (status === 412 || code === "PreconditionFailed" || code === "ConditionalRequestConflict") {
        throw new PreconditionFailedError(doc.key, { cause: sanitise(error) });
      }
      throw wrap("PutObject", "write", this.bucket, fullKey, error);
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    const failures: S3DeleteFailure[] = [];
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      try {
        const response = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            // Quiet: only failures come back, so a 1,000-key batch does not return 1,000 echoes.
            Delete: { Objects: batch.map((key) => ({ Key: this.prefix + key })), Quiet: true },
          }),
        );
        for (const failed of response.Errors ?? []) {
          const fullKey = failed.Key ?? "";
          failures.push({
            key: fullKey.startsWith(this.prefix) ? fullKey.slice(this.prefix.length) : fullKey,
            code: failed.Code ?? "unknown",
            message: failed.Message ?? "",
          });
        }
      } catch (error) {
        // A failed batch (bad credentials, missing bucket) would fail every later batch the same way.
        throw wrap("DeleteObjects", "delete under", this.bucket, this.prefix, error, failures);
      }
    }
    if (failures.length > 0) {
      const shown = failures
        .slice(0, 5)
        .map((f) => `${f.key} (${f.code})`)
        .join(", ");
      const more = failures.length > 5 ? ` and ${failures.length - 5} more` : "";
      throw new S3StoreError(
        "DeleteObjects",
        this.bucket,
        this.prefix,
        failures[0]?.code ?? "unknown",
        `cannot delete ${failures.length} object(s) under ${this.location}: ${shown}${more}`,
        { failures },
      );
    }
  }
}
