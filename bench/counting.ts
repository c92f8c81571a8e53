/**
 * What a run asks of its stores, counted at the ports (so it survives changes inside publish()), and S3
 * requests counted on the client itself (SDK middleware), so nothing the run sends goes uncounted.
 */

import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  type FeedStore,
  PreconditionFailedError,
  type StoredDocument,
  type StoredObject,
} from "../src/publish/ports.js";

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
 * The "in-memory" output: state objects in a folder (a run reads them back as it would from S3, one object
 * at a time) and only the keys of documents, whose bodies are dropped once written. So peak RSS measures
 * the publisher, not a store holding the whole site (with bodies stored apart, 100k articles put ~550 MB
 * of state objects in the store), which on S3 lives elsewhere. A document read answers "absent", as it
 * would for a store that lost it; a listing answers every key, as S3's would. The folder carries the
 * output from one run (process) to the next.
 */
export class StateOnlyStore implements FeedStore {
  readonly location = "memory:state-only";
  /** Keys of the documents written (bodies dropped). */
  readonly documentKeys = new Set<string>();

  private constructor(private readonly dir: string) {}

  /** Opens `dir` (created if missing) with the document keys a previous run saved there. */
  static async open(dir: string): Promise<StateOnlyStore> {
    await mkdir(dir, { recursive: true });
    const store = new StateOnlyStore(dir);
    const saved = await readFile(path.join(dir, DOCUMENT_KEYS_FILE), "utf8").catch(() => "");
    for (const key of saved.split("\n")) if (key) store.documentKeys.add(key);
    return store;
  }

  private file(key: string): string {
    return path.join(this.dir, encodeURIComponent(key));
  }

  async read(key: string): Promise<StoredObject | undefined> {
    if (!isStateKey(key)) return undefined;
    try {
      const body = new Uint8Array(await readFile(this.file(key)));
      return { body, etag: createHash("md5").update(body).digest("hex") };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async write(doc: StoredDocument, options?: { ifMatch?: string | null }) {
    if (isStateKey(doc.key)) {
      if (options?.ifMatch !== undefined && ((await this.read(doc.key))?.etag ?? null) !== options.ifMatch)
        throw new PreconditionFailedError(doc.key);
      await writeFile(this.file(doc.key), doc.body);
    } else if (options?.ifMatch !== undefined) throw new Error(`conditional write of a document: ${doc.key}`);
    else this.documentKeys.add(doc.key);
  }

  async delete(keys: readonly string[]) {
    for (const key of keys) {
      if (isStateKey(key)) await rm(this.file(key), { force: true });
      this.documentKeys.delete(key);
    }
  }

  async list(): Promise<string[]> {
    const state = (await readdir(this.dir))
      .filter((name) => name !== DOCUMENT_KEYS_FILE)
      .map(decodeURIComponent);
    return [...state, ...this.documentKeys];
  }

  /** Keeps the document keys beside the state objects, for the next run. */
  async save(): Promise<void> {
    await writeFile(path.join(this.dir, DOCUMENT_KEYS_FILE), [...this.documentKeys].join("\n"));
  }
}

const DOCUMENT_KEYS_FILE = "document-keys.txt";

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
