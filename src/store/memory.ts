import { createHash } from "node:crypto";
import { byKey } from "../order.js";
import type {
  ArticleSource,
  FeedStore,
  SourceEntry,
  StoredDocument,
  StoredObject,
} from "../publish/ports.js";
import { PreconditionFailedError } from "../publish/ports.js";

const etagOf = (body: Uint8Array) => createHash("md5").update(body).digest("hex");

/** Articles held in memory: for benchmarks and embedding (e.g. a scraper that publishes without a folder). */
export class MemoryArticleSource implements ArticleSource {
  readonly location = "memory:articles";
  readonly files = new Map<string, { body: Uint8Array; lastModified: string }>();

  put(key: string, body: Uint8Array | string, lastModified = "2026-01-01T00:00:00.000Z"): void {
    this.files.set(key, {
      body: typeof body === "string" ? new TextEncoder().encode(body) : body,
      lastModified,
    });
  }

  async list(): Promise<SourceEntry[]> {
    return [...this.files.entries()]
      .map(([key, file]) => ({
        key,
        etag: etagOf(file.body),
        size: file.body.byteLength,
        lastModified: file.lastModified,
      }))
      .sort(byKey);
  }

  async read(key: string): Promise<Uint8Array> {
    const file = this.files.get(key);
    if (!file) throw new Error(`no such article: ${key}`);
    return file.body;
  }
}

/** Documents held in memory, with the same conditional-write rules as the real stores. */
export class MemoryFeedStore implements FeedStore {
  readonly location = "memory:output";
  readonly objects = new Map<string, StoredDocument & { etag: string }>();

  async read(key: string): Promise<StoredObject | undefined> {
    const object = this.objects.get(key);
    return object && { body: object.body, etag: object.etag };
  }

  async write(doc: StoredDocument, options: { ifMatch?: string | null } = {}): Promise<void> {
    if (options.ifMatch !== undefined && (this.objects.get(doc.key)?.etag ?? null) !== options.ifMatch)
      throw new PreconditionFailedError(doc.key);
    this.objects.set(doc.key, { ...doc, etag: etagOf(doc.body) });
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.objects.delete(key);
  }

  async list(): Promise<string[]> {
    return [...this.objects.keys()];
  }
}
