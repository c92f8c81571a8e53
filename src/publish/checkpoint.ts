import { errorMessage } from "./collect-articles.js";
import type { ArticleOutcome, DocumentHashes, Ledger } from "./ledger.js";
import type { CachedArticle, Manifest } from "./manifest.js";
import type { LoadedState, StateStore } from "./state.js";

/**
 * The article cache part-way through reading: the previous cache, with every article read so far
 * replaced by what this run found. Articles not read yet keep their previous entry, so a checkpoint
 * never loses an article; under changed parse settings those entries lose their etag (read again, the
 * old result only kept as the last good version), since the checkpoint carries the new settings' hash.
 */
export function articlesSoFar(
  previous: Manifest | undefined,
  outcomes: readonly ArticleOutcome[],
  sameSettings: boolean,
): Record<string, CachedArticle> {
  const cache: Record<string, CachedArticle> = {};
  for (const [key, cached] of Object.entries(previous?.articles ?? {}))
    cache[key] = sameSettings ? cached : { etag: null, article: cached.article };
  for (const o of outcomes) {
    if (o.kind === "parsed") cache[o.key] = { etag: o.etag, article: o.article };
    else if (o.kind === "reused") cache[o.key] = o.cached;
    // Changed settings rejected it: their verdict unpublishes it (as the finished run would).
    else if (o.kind === "rejected" && !sameSettings) delete cache[o.key];
    else {
      // Rejected or unreadable: the last good version stays, and is read again next run.
      const kept = cache[o.key];
      if (kept) cache[o.key] = { etag: null, article: kept.article };
    }
  }
  return cache;
}

/**
 * What is stored part-way through writing: the ledger's record of completed writes and deletes over
 * the stored hashes, and for documents not handled yet their previous input digest (still true of the
 * bytes stored). A document being written when the snapshot is taken keeps its previous hash, so the
 * next run compares it again; no document is ever recorded before its write completed.
 */
export function documentsSoFar(
  ledger: Ledger,
  stored: DocumentHashes,
  storedInputs: Readonly<Record<string, string>>,
): { documents: Record<string, string | null>; inputs: Record<string, string> } {
  const { documents, inputs } = ledger.storedDocuments(stored);
  const handled = new Set(ledger.documents.map((d) => d.key));
  for (const [key, digest] of Object.entries(storedInputs))
    if (!handled.has(key) && typeof documents[key] === "string") inputs[key] = digest;
  return { documents, inputs };
}

export interface CheckpointTiming {
  /** A long run saves at least this often (at the next article or document done). */
  everyMs: number;
  /** At a safe point (end of reading, between stages) it saves once unsaved work is this old. */
  atStageAfterMs: number;
}

export type Snapshot = { next: Manifest; touched: readonly string[] };

/**
 * The run's saves of its state, through the same conditional StateStore.save as the final one, one at a
 * time. After a save the state is read back to base the next save on; if it is not ours, another run
 * saved in between, and this run stops and re-plans as after any lost race.
 */
export class Checkpoints {
  lostRace = false;
  /** Why a checkpoint could not be saved (the run goes on; its final save decides). */
  readonly problems: string[] = [];
  private base: LoadedState;
  private savedAt: number;
  private savedProgress = 0;
  private chain: Promise<void> = Promise.resolve();
  private inFlight = false;

  constructor(
    private readonly store: StateStore,
    loaded: LoadedState,
    private readonly timing: CheckpointTiming,
    private readonly clock: () => number,
  ) {
    this.base = loaded;
    this.savedAt = clock();
  }

  /** The state as last loaded or saved by this run: what the next save is conditional on. */
  get loaded(): LoadedState {
    return this.base;
  }

  /** Between items: saves (in the background) when `everyMs` passed and there is something new. */
  tick(progress: number, snapshot: () => Snapshot): void {
    if (this.inFlight || this.clock() - this.savedAt < this.timing.everyMs) return;
    void this.saveIf(progress, snapshot, 0);
  }

  /** At a safe point: saves when unsaved work is older than `atStageAfterMs`, and waits for it. */
  atStage(progress: number, snapshot: () => Snapshot): Promise<void> {
    return this.saveIf(progress, snapshot, this.timing.atStageAfterMs);
  }

  /** Saves now if anything is new (a stopped run), and waits for every save. */
  now(progress: number, snapshot: () => Snapshot): Promise<void> {
    return this.saveIf(progress, snapshot, 0);
  }

  /** Waits for any save in flight. */
  settle(): Promise<void> {
    return this.chain;
  }

  private saveIf(progress: number, snapshot: () => Snapshot, olderThanMs: number): Promise<void> {
    const fresh = progress > this.savedProgress && this.clock() - this.savedAt >= olderThanMs;
    if (!fresh || this.lostRace) return this.chain;
    // Taken now, while the ledger holds exactly what has completed; written once earlier saves are done.
    const taken = snapshot();
    this.inFlight = true;
    this.chain = this.chain.then(async () => {
      try {
        await this.write(taken);
        this.savedProgress = Math.max(this.savedProgress, progress);
      } catch (error) {
        this.problems.push(`checkpoint not saved: ${errorMessage(error)}`);
      } finally {
        this.savedAt = this.clock();
        this.inFlight = false;
      }
    });
    return this.chain;
  }

  private async write({ next, touched }: Snapshot): Promise<void> {
    if (this.lostRace) return;
    const saved = await this.store.save(next, this.base, touched);
    if (saved.lostRace) this.lostRace = true;
    if (saved.problem) this.problems.push(`checkpoint not saved: ${saved.problem}`);
    if (saved.lostRace || saved.problem) return;
    // Read back right after the save (only its root: the pieces are what this run just wrote).
    if (saved.saved) {
      this.base = saved.saved;
      return;
    }
    // Another run saved just after this one: conditional on the state this run replaced, the save fails
    // and takes theirs with this run's writes marked unknown, as any lost race does.
    this.lostRace = true;
    const again = await this.store.save(next, this.base, touched);
    if (again.problem) this.problems.push(`checkpoint not saved: ${again.problem}`);
  }
}
