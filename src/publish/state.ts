import { errorMessage } from "./collect-articles.js";
import { sha256Hex } from "./hash.js";
import { decodeManifest, encodeManifest, MANIFEST_KEY, type Manifest } from "./manifest.js";
import { type FeedStore, PreconditionFailedError, type StoredObject } from "./ports.js";

const SAVE_ATTEMPTS = 3;

/** The state as a run found it, with what the store needs to save the next one conditionally. */
export interface LoadedState {
  state: Manifest | undefined;
  /** The stored form, for the conditional write and for "unchanged, not rewritten"; undefined if none. */
  stored: StoredObject | undefined;
  /** Why a stored state could not be used (the run goes on as if there were none, and says so). */
  problem?: string;
}

/**
 * Where a run keeps what it knows between runs (the article cache, stored document hashes and input
 * digests). The run loads it first and saves it last, conditionally on nothing having changed it since
 * the load, so two overlapping runs cannot lose each other's work. One object today; the scale work can
 * slot in a store of small pieces behind the same two calls.
 */
export interface StateStore {
  /** Names the state in reports, e.g. `_state/manifest.json`. */
  readonly location: string;
  load(): Promise<LoadedState>;
  /**
   * Saves `next` unless another run saved in between; then it takes the other run's state, marks
   * `touched` keys as unknown (the next run rewrites them if planned, deletes them if not) and tries
   * again. Returns the reason when it cannot save.
   */
  save(next: Manifest, loaded: LoadedState, touched: readonly string[]): Promise<string | undefined>;
}

/** The state as one JSON object, `_state/manifest.json`, in the output store (private on S3). */
export class ManifestStateStore implements StateStore {
  readonly location = MANIFEST_KEY;

  constructor(private readonly store: FeedStore) {}

  async load(): Promise<LoadedState> {
    const stored = await this.store.read(MANIFEST_KEY);
    const state = decodeManifest(stored?.body);
    if (stored && !state)
      return {
        state,
        stored,
        problem:
          "the saved state could not be read (not a manifest of this tool); every planned document was compared with the output and a fresh state saved",
      };
    return { state, stored };
  }

  async save(next: Manifest, loaded: LoadedState, touched: readonly string[]): Promise<string | undefined> {
    let manifest = next;
    let base = loaded.stored;
    for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
      const body = new TextEncoder().encode(encodeManifest(manifest));
      // An unchanged state is not rewritten either, so a quiet run costs a listing and one GET, no PUT.
      if (base !== undefined && Buffer.from(base.body).equals(body)) return undefined;
      try {
        await this.store.write(
          {
            key: MANIFEST_KEY,
            body,
            contentType: "application/json",
            cacheControl: "no-store",
            sha256: sha256Hex(body),
          },
          { ifMatch: base?.etag ?? null },
        );
        return undefined;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) return `write failed: ${errorMessage(error)}`;
        base = await this.store.read(MANIFEST_KEY);
        // Our own write whose reply was lost (the SDK retried it and met its own result): nothing to merge.
        if (base !== undefined && Buffer.from(base.body).equals(body)) return undefined;
        const theirs = decodeManifest(base?.body) ?? { ...next, articles: {}, documents: {} };
        const documents = { ...theirs.documents };
        const inputs = { ...theirs.inputs };
        for (const key of touched) {
          documents[key] = null;
          delete inputs[key];
        }
        manifest = { ...theirs, documents, inputs };
      }
    }
    return "another run kept updating the manifest; the next run reconciles";
  }
}
