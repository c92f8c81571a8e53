import type { S3Client } from "@aws-sdk/client-s3";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
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
import {
  codeOf,
  isMissing,
  isMissingBucket,
  type S3DeleteFailure,
  S3StoreError,
  s3Url,
  sanitise,
  statusOf,
  wrap,
} from "./s3-errors.js";

export { type S3DeleteFailure, S3StoreError } from "./s3-errors.js";

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
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: this.prefix || undefined },
    );
    try {
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          const fullKey = object.Key;
          if (!fullKey?.startsWith(this.prefix)) continue;
          const key = fullKey.slice(this.prefix.length);
          // Consoles create zero-byte "folder" objects ending in "/"; they are not articles.
          if (key === "" || key.endsWith("/") || isHidden(key)) continue;
          const lastModified = (object.LastModified ?? new Date(0)).toISOString();
          const size = object.Size ?? 0;
          // S3 always sends an ETag; should a compatible store not, size and time still tell a change.
          entries.push({ key, etag: object.ETag || `${size}-${lastModified}`, size, lastModified });
        }
      }
    } catch (error) {
      throw wrap("ListObjectsV2", "list", this.bucket, this.prefix, error);
    }
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

/** Every key under the prefix, relative to it (one LIST request per 1,000 keys). */
async function listKeys(
  client: S3Client,
  bucket: string,
  prefix: string,
  options: { startAfter?: string; before?: string } = {},
): Promise<string[]> {
  const keys: string[] = [];
  try {
    const pages = paginateListObjectsV2(
      { client },
      {
        Bucket: bucket,
        Prefix: prefix || undefined,
        StartAfter: options.startAfter === undefined ? undefined : prefix + options.startAfter,
      },
    );
    for await (const page of pages)
      for (const object of page.Contents ?? []) {
        const key = object.Key?.startsWith(prefix) ? object.Key.slice(prefix.length) : undefined;
        if (key === undefined) continue;
        // Keys come in UTF-8 byte order, which `>=` follows for these ASCII bounds: past `before`, stop.
        if (options.before !== undefined && key >= options.before) return keys;
        keys.push(key);
      }
  } catch (error) {
    throw wrap("ListObjectsV2", "list", bucket, prefix, error);
  }
  return keys;
}

/**
 * Every key of the output except the private run state: `_state/` holds one body object per article, so
 * listing it would cost a LIST request per 1,000 articles on every run, quiet runs included. Keys sort by
 * UTF-8 bytes, and every `_state/…` key lies between `_state/` and `_state0` (`/` comes just before `0`),
 * so the listing is the keys before `_state/` and those after `_state0`.
 */
async function listOutputKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const [before, after] = await Promise.all([
    listKeys(client, bucket, prefix, { before: STATE_DIR }),
    listKeys(client, bucket, prefix, { startAfter: STATE_DIR_END }),
  ]);
  return [...before, ...after];
}
const STATE_DIR = "_state/";
const STATE_DIR_END = "_state0";

/** Published documents under an S3 prefix. Keys are relative to the prefix. */
export class S3FeedStore extends S3PrefixAdapter implements FeedStore {
  /** Every key but the private run state's (`_state/`): see listOutputKeys. */
  list(): Promise<string[]> {
    return listOutputKeys(this.client, this.bucket, this.prefix);
  }

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
