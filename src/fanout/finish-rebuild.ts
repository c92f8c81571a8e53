import { mapLimit } from "../publish/concurrency.js";
import { type PublishInput, publish } from "../publish/publish.js";
import { type PublishReport, runSucceeded } from "../publish/report.js";
import { ManifestStateStore } from "../publish/state.js";
import { pagesResultOf, workListKey } from "./fanout-objects.js";

const RESULT_READS = 16;

export interface FinishInput extends PublishInput {
  runId: string;
  /** Store keys of the read batches' results (deleted once done). */
  reads: readonly string[];
  /** Store keys of the page slices' results (WritePagesOutcome.result). */
  pages: readonly string[];
}

/** A publish report, plus what the parallel steps before it did. */
export type RebuildReport = PublishReport & {
  rebuild: { runId: string; pagesWritten: number; pagesFailed: number };
};

/**
 * Step 5 of a parallel rebuild: record the hashes the page writers left in the state, then run an
 * ordinary publish run. It finds every article parsed (the merge step) and every article and archive
 * page stored with its inputs (the pages step), so it reads and renders only what depends on many
 * articles: main and category feeds, the index and OPML, and anything an earlier step missed (a failed
 * batch, an article edited meanwhile). So the rebuild ends with the same guarantees, state and bytes as
 * a single run.
 */
export async function finishRebuild(input: FinishInput): Promise<RebuildReport> {
  const { store } = input;
  const stateStore = input.state ?? new ManifestStateStore(store);
  // A result already recorded by an earlier attempt of this step is gone (deleted once recorded): applied
  // again, its hashes could stand for pages rewritten since. A missing result only costs rewrites.
  const found = await mapLimit(input.pages, RESULT_READS, (key) => pagesResultOf(store, key));
  const results = found.filter((result) => result !== undefined);
  const loaded = await stateStore.load();
  if (loaded.state && results.length > 0) {
    const documents = { ...loaded.state.documents };
    const inputs = { ...loaded.state.inputs };
    for (const result of results)
      for (const [key, sha256] of Object.entries(result.documents)) {
        const based = result.basedOn[key];
        const unchangedSince =
          based !== undefined &&
          (key in documents ? documents[key] : undefined) === based.sha256 &&
          inputs[key] === based.inputDigest;
        if (unchangedSince) {
          documents[key] = sha256;
          inputs[key] = result.inputs[key] as string;
        } else {
          // Another run wrote or forgot this key since: stored, bytes unknown (compared again).
          documents[key] = null;
          delete inputs[key];
        }
      }
    const written = results.flatMap((result) => Object.keys(result.documents));
    const saved = await stateStore.save({ ...loaded.state, documents, inputs }, loaded, written);
    if (saved.problem) throw new Error(`${stateStore.location}: page hashes not saved: ${saved.problem}`);
    await store.delete(input.pages).catch(() => undefined);
  }
  // Every article was read by the batches (all of them for a full rebuild): none is read again, but a full
  // rebuild still compares every document with the store, repairing any edited by hand.
  const report = await publish({
    ...input,
    state: stateStore,
    full: false,
    compareOutput: input.full ?? false,
  });
  // The rest go once the run is complete; until then the step can be run again (a retry continues).
  if (runSucceeded(report))
    await store.delete([workListKey(input.runId), ...input.reads]).catch(() => undefined);
  return {
    ...report,
    rebuild: {
      runId: input.runId,
      pagesWritten: results.reduce((sum, result) => sum + result.written, 0),
      pagesFailed: results.reduce((sum, result) => sum + result.failed.length, 0),
    },
  };
}
