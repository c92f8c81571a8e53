import { errorMessage } from "./collect-articles.js";
import { mapLimit } from "./concurrency.js";
import { sha256Hex } from "./hash.js";
import { decodeManifest, FORMAT_VERSION, MANIFEST_KEY, type Manifest } from "./manifest.js";
import { type FeedStore, PreconditionFailedError, type StoredObject } from "./ports.js";
import {
  decodeRoot,
  decodeShard,
  encodeRoot,
  encodeShard,
  joinShards,
  type Shard,
  type StateRoot,
  sameShard,
  shardKeyOf,
  splitIntoShards,
} from "./state-pieces.js";

const SAVE_ATTEMPTS = 3;
/** Shard reads and writes in flight at once. */
const PIECE_CONCURRENCY = 16;

/** The state as a run found it, with what the store needs to save the next one conditionally. */
export interface LoadedState {
  state: Manifest | undefined;
  /** The stored root, for the conditional write and for "unchanged, not rewritten"; undefined if none. */
  stored: StoredObject | undefined;
  /** Why a stored state could not be used (the run goes on as if there were none, and says so). */
  problem?: string;
  /** The root and the shards it was read from (absent for a state of an older version, or none). */
  pieces?: { root: StateRoot; shards: ReadonlyMap<string, Shard> };
}

/**
 * Where a run keeps what it knows between runs (the article cache, stored document hashes and input
 * digests). The run loads it first and saves it last, conditionally on nothing having changed it since
 * the load, so two overlapping runs cannot lose each other's work.
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
  save(next: Manifest, loaded: LoadedState, touched: readonly string[]): Promise<SaveOutcome>;
}

export interface SaveOutcome {
  /** Another run saved its state after this run loaded it: this run's view may be stale (re-plan). */
  lostRace: boolean;
  problem?: string;
}

const UNREADABLE_ROOT =
  "the saved state could not be read (not a manifest of this tool); every planned document was compared with the output and a fresh state saved";

/**
 * The state in the output store (private on S3): a root `_state/manifest.json` naming content-addressed
 * shards (state-pieces.ts). Shards are written first, the root last and conditionally, so a reader always
 * finds a whole state: the old root with its shards, or the new one with its shards.
 */
export class ManifestStateStore implements StateStore {
  readonly location = MANIFEST_KEY;

  constructor(private readonly store: FeedStore) {}

  async load(): Promise<LoadedState> {
    const stored = await this.store.read(MANIFEST_KEY);
    if (!stored) return { state: undefined, stored };
    const root = decodeRoot(stored.body);
    if (!root) {
      // A one-object manifest of version 2 is taken over whole; the next save splits it into shards.
      const state = decodeManifest(stored.body);
      return state ? { state, stored } : { state, stored, problem: UNREADABLE_ROOT };
    }
    const shards = new Map<string, Shard>();
    const lost: string[] = [];
    await mapLimit(Object.entries(root.shards), PIECE_CONCURRENCY, async ([id, key]) => {
      const shard = await this.readShard(key);
      if (shard) shards.set(id, shard);
      else lost.push(key);
    });
    const state = joinShards(root.parseFingerprint, shards.values());
    const loaded: LoadedState = { state, stored, pieces: { root, shards } };
    if (lost.length > 0)
      loaded.problem = `${lost.length} piece(s) of the saved state are missing or unreadable (${lost.sort().join(", ")}): their articles were parsed again and their documents compared with the output`;
    return loaded;
  }

  /** A shard, or undefined when it is missing or corrupt (a storage fault still fails the run). */
  private async readShard(key: string): Promise<Shard | undefined> {
    const object = await this.store.read(key);
    return object && decodeShard(object.body);
  }

  async save(next: Manifest, loaded: LoadedState, touched: readonly string[]): Promise<SaveOutcome> {
    let manifest = next;
    let base = loaded;
    let lostRace = false;
    for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
      const { root, writes } = piecesOf(manifest, base.pieces);
      const body = encodeRoot(root);
      const unchanged = base.stored !== undefined && Buffer.from(base.stored.body).equals(body);
      try {
        // Shards first, so the root never names one that is not stored; an unchanged root still gets back
        // the shards it names that were found missing or corrupt.
        await mapLimit(writes, PIECE_CONCURRENCY, (piece) =>
          this.store.write({
            key: piece.key,
            body: piece.body,
            contentType: "application/json",
            cacheControl: "no-store",
            sha256: sha256Hex(piece.body),
          }),
        );
        // An unchanged state is not rewritten, so a quiet run costs a listing and the state's GETs.
        if (unchanged) return { lostRace };
        await this.store.write(
          {
            key: MANIFEST_KEY,
            body,
            contentType: "application/json",
            cacheControl: "no-store",
            sha256: sha256Hex(body),
          },
          { ifMatch: base.stored?.etag ?? null },
        );
        await this.deleteQuietly(garbageAfter(base.pieces?.root, root));
        return { lostRace };
      } catch (error) {
        if (!(error instanceof PreconditionFailedError))
          return { lostRace, problem: `write failed: ${errorMessage(error)}` };
        base = await this.load();
        // Our own write whose reply was lost (the SDK retried it and met its own result): nothing to merge.
        if (base.stored !== undefined && Buffer.from(base.stored.body).equals(body)) return { lostRace };
        lostRace = true;
        // The shards this attempt wrote that the winner's root does not name are nobody's.
        const kept = referenced(base.pieces?.root);
        await this.deleteQuietly(writes.map((w) => w.key).filter((key) => !kept.has(key)));
        const theirs = base.state ?? { ...next, articles: {}, documents: {} };
        const documents = { ...theirs.documents };
        const inputs = { ...theirs.inputs };
        for (const key of touched) {
          documents[key] = null;
          delete inputs[key];
        }
        manifest = { ...theirs, documents, inputs };
      }
    }
    return { lostRace, problem: "another run kept updating the manifest; the next run reconciles" };
  }

  /** Garbage collection is best effort: a leftover shard costs storage, never correctness. */
  private async deleteQuietly(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.store.delete(keys).catch(() => undefined);
  }
}

/** The root for `manifest`, and the shard objects to write first (those the previous root lacks). */
function piecesOf(
  manifest: Manifest,
  previous: LoadedState["pieces"],
): { root: StateRoot; writes: { key: string; body: Uint8Array }[] } {
  const shards: Record<string, string> = {};
  const writes: { key: string; body: Uint8Array }[] = [];
  // Only shards read back whole this run are known to be stored intact; any other is written again.
  const known = new Set(
    [...(previous?.shards.keys() ?? [])]
      .map((id) => previous?.root.shards[id])
      .filter((key) => key !== undefined),
  );
  for (const [id, shard] of splitIntoShards(manifest)) {
    const before = previous?.shards.get(id);
    const previousKey = previous?.root.shards[id];
    if (before && previousKey && sameShard(shard, before)) {
      shards[id] = previousKey;
      continue;
    }
    const body = encodeShard(shard);
    const key = shardKeyOf(body);
    shards[id] = key;
    if (!known.has(key)) writes.push({ key, body });
  }
  const named = new Set(Object.values(shards));
  const replaced = Object.values(previous?.root.shards ?? {}).filter((key) => !named.has(key));
  // With no shard replaced the previous root stands as it was (its retired shards wait for a real change).
  const retired = replaced.length === 0 && previous ? previous.root.retired : replaced;
  return {
    root: { version: FORMAT_VERSION, parseFingerprint: manifest.parseFingerprint, shards, retired },
    writes,
  };
}

/** Every shard object a root keeps readable: those it names and those it retired. */
function referenced(root: StateRoot | undefined): Set<string> {
  return new Set(root ? [...Object.values(root.shards), ...root.retired] : []);
}

/** After `next` replaced `previous`: what `previous` had retired, unless `next` still needs it. */
function garbageAfter(previous: StateRoot | undefined, next: StateRoot): string[] {
  if (!previous) return [];
  const kept = referenced(next);
  return previous.retired.filter((key) => !kept.has(key));
}
