/** One stored article as listed by a source: enough to tell whether it changed since the last run. */
export interface SourceEntry {
  key: string;
  /** Changes whenever the content changes (S3 ETag, or size+mtime for files). */
  etag: string;
  size: number;
  /** ISO 8601. */
  lastModified: string;
}

/** Where stored articles come from (a local folder, an S3 prefix). Keys are relative to the location. */
export interface ArticleSource {
  /** Human-readable location, e.g. `s3://bucket/articles/` or a folder path. */
  readonly location: string;
  list(): Promise<SourceEntry[]>;
  /**
   * The stored bytes. With `maxBytes`, a longer object (one that grew after it was listed, say) is never
   * read whole: the read stops past the limit and throws ArticleRefusedError.
   */
  read(key: string, options?: { maxBytes?: number }): Promise<Uint8Array>;
}

/**
 * Thrown by `ArticleSource.read` when the stored object itself is refused (too large, a symbolic link):
 * the article is rejected with this reason, unlike a storage fault, which fails the run.
 */
export class ArticleRefusedError extends Error {
  override name = "ArticleRefusedError";
  constructor(
    readonly key: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${key}: ${reason}`, options);
  }
}

/** A document as it will be stored. */
export interface StoredDocument {
  key: string;
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
  /** sha256 hex of body; stored as object metadata where the store supports it. */
  sha256: string;
}

export interface StoredObject {
  body: Uint8Array;
  /** Opaque version tag used for conditional writes (S3 ETag; a content hash for files). */
  etag: string;
}

/** Thrown by `FeedStore.write` when an `ifMatch` precondition fails (another run wrote first). */
export class PreconditionFailedError extends Error {
  override name = "PreconditionFailedError";
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`${key} was changed by another run`, options);
  }
}

/** Where documents are published (a local folder, an S3 prefix). Keys are relative to the location. */
export interface FeedStore {
  readonly location: string;
  /** undefined when the key does not exist. */
  read(key: string): Promise<StoredObject | undefined>;
  /**
   * ifMatch: only write if the stored object still has this etag; `null` means "only if absent".
   * Omitted: unconditional.
   */
  write(doc: StoredDocument, options?: { ifMatch?: string | null }): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  /**
   * Every key stored under the location, in any order; a store may leave out the private run state
   * (`_state/`, one object per article). A run compares it with its state, so documents deleted by hand
   * are rewritten and documents no run remembers (the state was lost) are removed.
   */
  list(): Promise<string[]>;
}
