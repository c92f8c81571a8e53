/**
 * What a run asks of its stores, counted at the ports (so it survives changes inside publish()), and S3
 * requests counted on the client itself (SDK middleware), so nothing the run sends goes uncounted.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { FeedStore, StoredDocument, StoredObject } from "../src/publish/ports.js";
import { MemoryFeedStore } from "../src/store/memory.js";

/** Everything a run keeps between runs lives under this prefix (today one manifest object). */
export const STATE_PREFIX = "_state/";
export const isStateKey = (key: string) => key.startsWith(STATE_PREFIX);

export interface StoreCounts {
  stateReads: number;
  stateBytesRead: number;
  stateBytesWritten: number;
  stateWrites: number;
  documentReads: number;
  /** Listings of the output (stores that have `list()`; a run may list what it has published). */
  outputLists: number;
  documentWrites: number;
  documentBytesWritten: number;
  deletes: number;
}

/** Wraps a FeedStore and counts state and document traffic by key. */
export class CountingStore implements FeedStore {
  readonly counts: StoreCounts = {
    stateReads: 0,
    stateBytesRead: 0,
    stateBytesWritten: 0,
    stateWrites: 0,
    documentReads: 0,
    outputLists: 0,
    documentWrites: 0,
    documentBytesWritten: 0,
    deletes: 0,
  };
  get location() {
    return this.inner.location;
  }
  constructor(private readonly inner: FeedStore) {}

  async read(key: string): Promise<StoredObject | undefined> {
    const object = await this.inner.read(key);
    if (isStateKey(key)) {
      this.counts.stateReads++;
      this.counts.stateBytesRead += object?.body.byteLength ?? 0;
    } else this.counts.documentReads++;
    return object;
  }

  async write(doc: StoredDocument, options?: { ifMatch?: string | null }): Promise<void> {
    await this.inner.write(doc, options);
    if (isStateKey(doc.key)) {
      this.counts.stateWrites++;
      this.counts.stateBytesWritten += doc.body.byteLength;
    } else {
      this.counts.documentWrites++;
      this.counts.documentBytesWritten += doc.body.byteLength;
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    await this.inner.delete(keys);
    this.counts.deletes += keys.length;
  }

  /** Passed through where the store can list its keys (a port some versions of FeedStore have). */
  async list(): Promise<string[]> {
    this.counts.outputLists++;
    return (await (this.inner as Listable).list?.()) ?? [];
  }
}

type Listable = { list?: () => Promise<string[]> };

/**
 * The in-memory output: keeps state objects whole (the next run reads them) and drops every document's
 * body once written, so peak RSS measures the publisher, not a store holding the whole site, which on
 * S3 lives elsewhere. A document read answers "absent", as it would for a store that lost it; a listing
 * answers every key, as S3's would.
 */
export class StateOnlyStore implements FeedStore {
  readonly location = "memory:state-only";
  private readonly inner = new MemoryFeedStore();
  /** Keys of the documents written (bodies dropped). */
  readonly documentKeys = new Set<string>();

  read(key: string) {
    return isStateKey(key) ? this.inner.read(key) : Promise.resolve(undefined);
  }
  async write(doc: StoredDocument, options?: { ifMatch?: string | null }) {
    if (isStateKey(doc.key)) await this.inner.write(doc, options);
    else if (options?.ifMatch !== undefined) throw new Error(`conditional write of a document: ${doc.key}`);
    else this.documentKeys.add(doc.key);
  }
  async delete(keys: readonly string[]) {
    await this.inner.delete(keys);
    for (const key of keys) this.documentKeys.delete(key);
  }
  async list(): Promise<string[]> {
    return [...this.inner.objects.keys(), ...this.documentKeys];
  }
  /** The state objects, to carry from one run (process) to the next. */
  stateObjects(): { key: string; body: Uint8Array }[] {
    return [...this.inner.objects.values()].map(({ key, body }) => ({ key, body }));
  }
}

/** Counts every request the client sends, by operation (`PutObject`, `GetObject`, …), retries included. */
export function countRequests(client: S3Client): Record<string, number> {
  const counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? "unknown").replace(/Command$/, "");
      counts[operation] = (counts[operation] ?? 0) + 1;
      return next(args);
    },
    // The finalizeRequest step runs once per attempt, so a retried request counts twice, as S3 bills it.
    { step: "finalizeRequest", name: "benchRequestCounter" },
  );
  return counts;
}
