import { slotOf, withBodySlot } from "../articles/article-body.js";
import { ArticleBodies, bodyKeyOf } from "./article-bodies.js";
import { errorMessage } from "./collect-articles.js";
import { mapLimit } from "./concurrency.js";
import { sha256Hex } from "./hash.js";
import {
  type CachedArticle,
  decodeManifest,
  FORMAT_VERSION,
  MANIFEST_KEY,
  type Manifest,
} from "./manifest.js";
import { type FeedStore, PreconditionFailedError, type StoredObject } from "./ports.js";
import type { QuietRecord } from "./quiet-run.js";
import {
  DEFAULT_LAYOUT,
  decodeRoot,
  decodeShard,
  encodeRoot,
  encodeShard,
  isDefaultLayout,
  joinShards,
  layoutFor,
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
  /**
   * Set when the root's quiet record matched (the load's `isQuiet` said so): the last complete run had the
   * same inputs, so nothing was loaded past the root and `state` is undefined.
   */
  quiet?: QuietRecord;
}

/** Asked with the root's quiet record before the shards are read: true skips them (quiet-run.ts). */
export type QuietCheck = (record: QuietRecord) => Promise<boolean>;

/**
 * Where a run keeps what it knows between runs (the article cache, stored document hashes and input
 * digests). The run loads it first and saves it last, conditionally on nothing having changed it since
 * the load, so two overlapping runs cannot lose each other's work.
 */
export interface StateStore {
  /** Names the state in reports, e.g. `_state/manifest.json`. */
  readonly location: string;
  /** The articles' bodies, stored apart from the state's heads and read only to render. */
  readonly bodies: ArticleBodies;
  load(isQuiet?: QuietCheck): Promise<LoadedState>;
  /**
   * Saves `next` unless another run saved in between; then it takes the other run's state, marks
   * `touched` keys as unknown (the next run rewrites them if planned, deletes them if not) and tries
   * again. Returns the reason when it cannot save. `quiet` is stored with a state saved as it is (never
   * with a merged one).
   */
  save(
    next: Manifest,
    loaded: LoadedState,
    touched: readonly string[],
    quiet?: QuietRecord,
  ): Promise<SaveOutcome>;
}

export interface SaveOutcome {
  /** Another run saved its state after this run loaded it: this run's view may be stale (re-plan). */
  lostRace: boolean;
  problem?: string;
  /**
   * The state as this save left it, when it was read back unchanged right after (what the next save is
   * conditional on); undefined when another run saved just after, or nothing was written.
   */
  saved?: LoadedState;
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
  readonly bodies: ArticleBodies;

  constructor(private readonly store: FeedStore) {
    this.bodies = new ArticleBodies(store);
  }

  async load(isQuiet?: QuietCheck): Promise<LoadedState> {
    const stored = await this.store.read(MANIFEST_KEY);
    if (!stored) return { state: undefined, stored };
    const root = decodeRoot(stored.body);
    if (!root) {
      // A one-object manifest of version 2 is taken over whole; the next save splits it into shards.
      const state = decodeManifest(stored.body);
      return state ? { state, stored } : { state, stored, problem: UNREADABLE_ROOT };
    }
    if (root.quiet && isQuiet && (await isQuiet(root.quiet)))
      return { state: undefined, stored, quiet: root.quiet };
    const shards = new Map<string, Shard>();
    const lost: string[] = [];
    await mapLimit(Object.entries(root.shards), PIECE_CONCURRENCY, async ([id, key]) => {
      const shard = await this.readShard(key, root.version);
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
  private async readShard(key: string, version: number): Promise<Shard | undefined> {
    const object = await this.store.read(key);
    return object && decodeShard(object.body, version, key);
  }

  async save(
    next: Manifest,
    loaded: LoadedState,
    touched: readonly string[],
    quiet?: QuietRecord,
  ): Promise<SaveOutcome> {
    let manifest = withSlots(next);
    let record = quiet;
    let base = loaded;
    let lostRace = false;
    for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
      const { root, shards, writes } = piecesOf(manifest, base.pieces, record);
      const body = encodeRoot(root);
      const unchanged = base.stored !== undefined && Buffer.from(base.stored.body).equals(body);
      try {
        // Bodies before the shards that name them (parsed ones were stored as they were read; these are
        // a migrated state's, or those whose write failed then).
        const unstored = Object.values(manifest.articles).flatMap(({ article }) => {
          const slot = slotOf(article);
          return slot && !slot.stored ? [slot] : [];
        });
        await mapLimit(unstored, PIECE_CONCURRENCY, (slot) => this.bodies.save(slot));
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
        if (unchanged && base.stored)
          return { lostRace, saved: { state: manifest, stored: base.stored, pieces: { root, shards } } };
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
        await this.deleteQuietly([
          ...garbageAfter(base.pieces?.root, root),
          ...bodiesDroppedBy(base.state, manifest),
        ]);
        const back = await this.store.read(MANIFEST_KEY);
        const saved =
          back && Buffer.from(back.body).equals(body)
            ? { state: manifest, stored: back, pieces: { root, shards } }
            : undefined;
        return { lostRace, ...(saved ? { saved } : {}) };
      } catch (error) {
        if (!(error instanceof PreconditionFailedError))
          return { lostRace, problem: `write failed: ${errorMessage(error)}` };
        base = await this.load();
        // Our own write whose reply was lost (the SDK retried it and met its own result): nothing to merge.
        if (base.stored !== undefined && Buffer.from(base.stored.body).equals(body))
          return { lostRace, saved: { state: manifest, stored: base.stored, pieces: { root, shards } } };
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
        manifest = withSlots({ ...theirs, documents, inputs });
        // A merged state has keys marked unknown: the next run has work to do.
        record = undefined;
      }
    }
    return { lostRace, problem: "another run kept updating the manifest; the next run reconciles" };
  }

  /** Garbage collection is best effort: a leftover shard costs storage, never correctness. */
  private async deleteQuietly(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.store.delete(keys).catch(() => undefined);
  }
}

/**
 * Every article of a state with its body in a slot (a whole article, from a test or an old state, gets
 * one); an article whose stored body was found lost loses its etag, so the next run reads it again.
 */
function withSlots(manifest: Manifest): Manifest {
  const sound = ({ article }: CachedArticle) => {
    const slot = slotOf(article);
    return slot !== undefined && !slot.lost;
  };
  if (Object.values(manifest.articles).every(sound)) return manifest;
  const articles: Manifest["articles"] = Object.fromEntries(
    Object.entries(manifest.articles).map(([key, cached]) => [
      key,
      sound(cached)
        ? cached
        : { etag: slotOf(cached.article)?.lost ? null : cached.etag, article: withBodySlot(cached.article) },
    ]),
  );
  return { ...manifest, articles };
}

/**
 * Body objects the previous state named and the next one does not (an edited or deleted article's old
 * body). Deleted right after the root that drops them is saved: a run still reading the old state then
 * finds a body missing, fails that document and reads the article again next run.
 */
function bodiesDroppedBy(previous: Manifest | undefined, next: Manifest): string[] {
  if (!previous) return [];
  const hashes = (state: Manifest) =>
    new Set(
      Object.values(state.articles).flatMap(({ article }) => {
        const slot = slotOf(article);
        return slot?.stored ? [slot.hash] : [];
      }),
    );
  const kept = hashes(next);
  return [...hashes(previous)].filter((hash) => !kept.has(hash)).map(bodyKeyOf);
}

/** The root for `manifest`, its shards, and the shard objects to write first (those the previous root lacks). */
function piecesOf(
  manifest: Manifest,
  loaded: LoadedState["pieces"],
  quiet: QuietRecord | undefined,
): { root: StateRoot; shards: Map<string, Shard>; writes: { key: string; body: Uint8Array }[] } {
  // Shards of an older version are rewritten whole (the new root cannot name them).
  const previous = loaded?.root.version === FORMAT_VERSION ? loaded : undefined;
  const shards: Record<string, string> = {};
  const writes: { key: string; body: Uint8Array }[] = [];
  // The shard counts grow with the state (never shrink); growing renames every shard, so all are written.
  const layout = layoutFor(manifest, previous?.root.layout ?? DEFAULT_LAYOUT);
  const split = splitIntoShards(manifest, layout);
  // Only shards read back whole this run are known to be stored intact; any other is written again.
  const known = new Set(
    [...(previous?.shards.keys() ?? [])]
      .map((id) => previous?.root.shards[id])
      .filter((key) => key !== undefined),
  );
  for (const [id, shard] of split) {
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
  const replaced = Object.values(loaded?.root.shards ?? {}).filter((key) => !named.has(key));
  // With no shard replaced the previous root stands as it was (its retired shards wait for a real change).
  const retired = replaced.length === 0 && previous ? previous.root.retired : replaced;
  return {
    root: {
      version: FORMAT_VERSION,
      parseFingerprint: manifest.parseFingerprint,
      shards,
      retired,
      ...(isDefaultLayout(layout) ? {} : { layout }),
      ...(quiet ? { quiet } : {}),
    },
    shards: split,
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
