import { mapLimit } from "../publish/concurrency.js";
import type { Manifest } from "../publish/manifest.js";
import { type PublishInput, publish } from "../publish/publish.js";
import { type PublishReport, runSucceeded } from "../publish/report.js";
import { ManifestStateStore } from "../publish/state.js";
import type { PlannedDocument } from "../site/plan.js";
import { type PagesResult, pagesResultOf, workListKey } from "./fanout-objects.js";
import { planFromState, SLICED_STAGES } from "./write-pages.js";

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
 * A slice writes its documents without knowing what other slices fail to write: a new archive page may
 * list an article page another slice could not write, which a single run would have held back (it never
 * links to a document that is not stored). When a slice reports such a failure, the new documents of
 * every slice that link to a missing one (and, in turn, those linking to them) are deleted and not
 * recorded, so the finish's ordinary run holds them back as a single run would. Rare: it plans the site
 * only then.
 */
async function withdrawLinksToMissing(
  input: FinishInput,
  state: Manifest,
  results: readonly PagesResult[],
): Promise<Set<string>> {
  const missing = new Set(
    results
      .flatMap((r) => r.failed.map((f) => f.key))
      // As a single run counts them (write-stages.ts): a document the state names, even with unknown
      // bytes (null, after a lost race), is stored, and its old version still answers a link.
      .filter((key) => !(key in state.documents)),
  );
  const withdrawn = new Set<string>();
  if (missing.size === 0) return withdrawn;
  // New: no state entry when the slice planned (a document stored before keeps its place, as in a run).
  const fresh = new Set(
    results.flatMap((r) => Object.keys(r.documents).filter((key) => !("sha256" in (r.basedOn[key] ?? {})))),
  );
  const candidates = planFromState(state, input.config).filter((doc) => fresh.has(doc.key));
  for (let grew = true; grew; ) {
    grew = false;
    for (const doc of candidates)
      if (!withdrawn.has(doc.key) && doc.links.some((link) => missing.has(link))) {
        withdrawn.add(doc.key);
        missing.add(doc.key);
        grew = true;
      }
  }
  if (withdrawn.size > 0) await input.store.delete([...withdrawn]);
  return withdrawn;
}

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
    const withdrawn = await withdrawLinksToMissing(input, loaded.state, results);
    const documents = { ...loaded.state.documents };
    const inputs = { ...loaded.state.inputs };
    for (const result of results)
      for (const [key, sha256] of Object.entries(result.documents)) {
        if (withdrawn.has(key)) continue;
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
  // Every article was read by the batches (all of them for a full rebuild): none is read again. A full
  // rebuild still compares with the store what the slices did not (they compared their own pages), so
  // documents edited by hand are repaired, and a retried finish does not compare every page again.
  const report = await publish({
    ...input,
    state: stateStore,
    full: false,
    ...(input.full ? { compareOutput: (doc: PlannedDocument) => !SLICED_STAGES.has(doc.stage) } : {}),
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
