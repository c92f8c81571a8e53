import { dedupeArticles } from "../articles/dedupe.js";
import type { Config } from "../config.js";
import { Ledger } from "../publish/ledger.js";
import type { Manifest } from "../publish/manifest.js";
import type { FeedStore } from "../publish/ports.js";
import { ManifestStateStore, type StateStore } from "../publish/state.js";
import { shardOf } from "../publish/state-pieces.js";
import { writeStages } from "../publish/write-stages.js";
import { type PlannedDocument, planSite, STAGE } from "../site/plan.js";
import { encodePagesResult, type PagesResult, pagesResultKey, putWorkingObject } from "./fanout-objects.js";

export interface WritePagesInput {
  config: Config;
  store: FeedStore;
  state?: StateStore;
  runId: string;
  /** This writer's slice, of `of` (RebuildPlan.slices / .of). */
  slice: number;
  of: number;
  /** Compare every page with the store rather than the state (a full rebuild repairs edited pages). */
  full?: boolean;
}

export interface WritePagesOutcome {
  /** Store key of the slice's result, for the finish step. */
  result: string;
  written: number;
  unchanged: number;
  failed: number;
}

/**
 * What the slices write: article pages, and archive pages (50 articles each, and on a first run about
 * half of what the finish step would otherwise render: measured at 100k, docs/scale.md). Neither's bytes
 * depend on a document of another slice; feeds, category feeds and the index are the finish step's.
 */
export const SLICED_STAGES: ReadonlySet<number> = new Set([STAGE.articlePages, STAGE.archives]);

/** The site as a run would plan it from this state: its cached articles, deduplicated, and first-seen times. */
export function planFromState(state: Manifest, config: Config): PlannedDocument[] {
  const { articles } = dedupeArticles(Object.values(state.articles).map(({ article }) => article));
  return planSite(articles, config, state.firstSeen);
}

/** Which slice a page belongs to: a stable hash of its key, so slices never overlap. */
export const sliceOf = (key: string, of: number): number => Number.parseInt(shardOf(key, of), 16);

/**
 * Step 4 of a parallel rebuild, one slice per invocation: plan the site from the merged state exactly as
 * a run would (same articles, same first-seen times, hence the same neighbours and bytes) and write the
 * article and archive pages of this slice. Feeds and the index are the finish step's. The state is not
 * saved here: the slice's hashes go to a result object.
 */
export async function writePages(input: WritePagesInput): Promise<WritePagesOutcome> {
  const { config, store, slice, of } = input;
  const stateStore = input.state ?? new ManifestStateStore(store);
  const { state } = await stateStore.load();
  if (!state) throw new Error(`${stateStore.location}: no state to plan from (run the merge step first)`);
  const planned = planFromState(state, config).filter(
    (doc) => SLICED_STAGES.has(doc.stage) && sliceOf(doc.key, of) === slice,
  );
  const ledger = new Ledger();
  await writeStages(
    {
      planned,
      store,
      stored: state.documents,
      storedInputs: state.inputs,
      full: input.full ?? false,
      dryRun: false,
      bodies: stateStore.bodies,
    },
    ledger,
  );
  const result: PagesResult = { documents: {}, inputs: {}, written: 0, failed: [], basedOn: {} };
  const counts = { written: 0, unchanged: 0, failed: 0 };
  for (const outcome of ledger.documents) {
    if (outcome.kind === "failed") {
      result.failed.push({ key: outcome.key, reason: outcome.reason });
      counts.failed++;
    } else if (outcome.kind === "written" || outcome.kind === "unchanged") {
      counts[outcome.kind]++;
      // Unchanged by input digest: the state already says so.
      if (outcome.sha256 === undefined) continue;
      result.documents[outcome.key] = outcome.sha256;
      result.inputs[outcome.key] = outcome.inputDigest;
      const sha256 = state.documents[outcome.key];
      const inputDigest = state.inputs[outcome.key];
      result.basedOn[outcome.key] = {
        ...(outcome.key in state.documents ? { sha256: sha256 ?? null } : {}),
        ...(inputDigest !== undefined ? { inputDigest } : {}),
      };
    }
  }
  result.written = counts.written;
  const key = pagesResultKey(input.runId, slice);
  await putWorkingObject(store, key, encodePagesResult(result));
  return { result: key, ...counts };
}
