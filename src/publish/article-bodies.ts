import { type ArticleBody, type BodySlot, bodyHash } from "../articles/article-body.js";
import { errorMessage } from "./collect-articles.js";
import { sha256Hex } from "./hash.js";
import { parseJsonBytes } from "./manifest.js";
import type { FeedStore } from "./ports.js";

/** Article bodies in the state: `_state/articles/<content hash>.json`, immutable, one per distinct body. */
export const BODY_PREFIX = "_state/articles/";
export const bodyKeyOf = (hash: string): string => `${BODY_PREFIX}${hash}.json`;

/** Bodies a run keeps in memory besides those being rendered (~2,000 × 5 KB: a few MB). */
const KEEP_LOADED = 2000;
const READ_CONCURRENCY = 16;

export function encodeBody(body: ArticleBody): Uint8Array {
  return new TextEncoder().encode(
    `${JSON.stringify({ contentHtml: body.contentHtml, ...(body.summary !== undefined ? { summary: body.summary } : {}) })}\n`,
  );
}

/** A stored body, checked against its content address; undefined when missing, corrupt or another's. */
export function decodeBody(bytes: Uint8Array, hash: string): ArticleBody | undefined {
  const json = parseJsonBytes(bytes) as Partial<Record<keyof ArticleBody, unknown>> | undefined;
  if (typeof json !== "object" || json === null || typeof json.contentHtml !== "string") return undefined;
  if (json.summary !== undefined && typeof json.summary !== "string") return undefined;
  const body: ArticleBody = {
    contentHtml: json.contentHtml,
    ...(json.summary !== undefined ? { summary: json.summary } : {}),
  };
  return bodyHash(body) === hash ? body : undefined;
}

/**
 * The bodies of a run's articles: written once when parsed, read back only for documents that are
 * rendered, and dropped again (least recently used first) so memory follows what is rendered, not the
 * size of the site. A body being rendered is pinned; one not stored yet (a dry run, a failed write) stays.
 */
export class ArticleBodies {
  /** Loaded, stored bodies in least-recently-used order: the ones that may be dropped. */
  private readonly loaded = new Set<BodySlot>();
  private readonly reading = new Map<BodySlot, Promise<void>>();

  constructor(
    private readonly store: FeedStore,
    private readonly keep = KEEP_LOADED,
  ) {}

  /** Writes a body that is not stored yet; from then on it may be dropped from memory. */
  async save(slot: BodySlot): Promise<void> {
    if (slot.stored || !slot.body) return;
    const body = encodeBody(slot.body);
    await this.store.write({
      key: bodyKeyOf(slot.hash),
      body,
      contentType: "application/json",
      cacheControl: "no-store",
      sha256: sha256Hex(body),
    });
    slot.stored = true;
    this.touch(slot);
    // A first run stores every body as it parses: without this, all of them stay loaded until rendering.
    this.evict();
  }

  /**
   * Loads and pins the bodies a document renders from; release() unpins them. Returns a problem when
   * one could not be had: a body missing or corrupt in the state is marked lost (its article is read and
   * parsed again next run), a storage fault is only reported.
   */
  async acquire(slots: readonly BodySlot[]): Promise<string | undefined> {
    for (const slot of slots) slot.pins++;
    let fault: string | undefined;
    await Promise.all(
      slots.map((slot) =>
        this.load(slot).catch((error) => {
          fault ??= `an article body could not be read from the state: ${errorMessage(error)}`;
        }),
      ),
    );
    if (fault) return fault;
    const lost = slots.filter((slot) => !slot.body).length;
    return lost > 0
      ? `${lost} article bod${lost === 1 ? "y is" : "ies are"} missing from the state (${BODY_PREFIX}); their articles are read again next run`
      : undefined;
  }

  release(slots: readonly BodySlot[]): void {
    for (const slot of slots) {
      slot.pins--;
      this.touch(slot);
    }
    this.evict();
  }

  private load(slot: BodySlot): Promise<void> {
    if (slot.body || slot.lost) return Promise.resolve();
    let pending = this.reading.get(slot);
    if (!pending) {
      pending = this.limit(async () => {
        const object = await this.store.read(bodyKeyOf(slot.hash));
        const body = object && decodeBody(object.body, slot.hash);
        if (body) slot.body = body;
        else slot.lost = true;
      }).finally(() => this.reading.delete(slot));
      this.reading.set(slot, pending);
    }
    return pending;
  }

  private active = 0;
  private waiting: (() => void)[] = [];
  /** At most READ_CONCURRENCY reads at once, however many documents render in parallel. */
  private async limit<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= READ_CONCURRENCY) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private touch(slot: BodySlot): void {
    if (!slot.stored || !slot.body) return;
    this.loaded.delete(slot);
    this.loaded.add(slot);
  }

  private evict(): void {
    for (const slot of this.loaded) {
      if (this.loaded.size <= this.keep) return;
      if (slot.pins > 0) continue;
      slot.drop();
      this.loaded.delete(slot);
    }
  }
}
