import { isArticleKey } from "../articles/formats.js";
import type { Config } from "../config.js";
import { articlesSoFar } from "../publish/checkpoint.js";
import { parseContextOf, parseFingerprintOf } from "../publish/collect-articles.js";
import { mapLimit } from "../publish/concurrency.js";
import { firstSeenTimes } from "../publish/first-seen.js";
import { emptyManifest } from "../publish/manifest.js";
import type { ArticleSource, FeedStore } from "../publish/ports.js";
import { ManifestStateStore, type StateStore } from "../publish/state.js";
import { outcomesOf, readResultOf } from "./fanout-objects.js";

const RESULT_READS = 16;
const MERGE_ATTEMPTS = 3;

export interface MergeInput {
  config: Config;
  source: ArticleSource;
  store: FeedStore;
  state?: StateStore;
  /** The plan's instant (RebuildPlan.now). */
  now: Date;
  /** Store keys of the read batches' results (ReadBatchOutcome.result). */
  results: readonly string[];
}

export interface MergeOutcome {
  articles: number;
  parsed: number;
  /** Rejected or unreadable in a batch: the finish step reads them again and reports why. */
  skipped: number;
  /** Another run saved the state meanwhile; the merge was folded in again over its state. */
  lostRace: boolean;
}

/**
 * Step 3 of a parallel rebuild: fold every batch's parsed articles into the run state's article cache
 * and save it (conditionally, as every run does), so the finish step finds every article parsed and
 * reads none. Published documents and their hashes are left as they are.
 */
export async function mergeReads(input: MergeInput): Promise<MergeOutcome> {
  const { config, store } = input;
  const stateStore = input.state ?? new ManifestStateStore(store);
  const results = await mapLimit(input.results, RESULT_READS, (key) => readResultOf(store, key));
  const parseFingerprint = parseFingerprintOf(parseContextOf(config, input.now), config);
  let lostRace = false;
  // A save that loses the race keeps the other run's state, without these articles: fold them in again
  // over it (adding parsed articles to a cache is safe to repeat).
  for (let attempt = 1; attempt <= MERGE_ATTEMPTS; attempt++) {
    const loaded = await stateStore.load();
    const previous = loaded.state;
    // Listed again, not taken from the plan: an article deleted since is not brought back into the state.
    const listed = (await input.source.list()).filter((e) => isArticleKey(e.key)).map((e) => e.key);
    const firstSeen = firstSeenTimes(previous?.firstSeen, listed, input.now);
    const outcomes = results.flatMap((result) => outcomesOf(result, firstSeen));
    const cache = articlesSoFar(previous, outcomes, previous?.parseFingerprint === parseFingerprint);
    const articles = Object.fromEntries(
      listed.flatMap((key) => (cache[key] ? [[key, cache[key]] as const] : [])),
    );
    const next = {
      ...emptyManifest(parseFingerprint),
      articles,
      documents: previous?.documents ?? {},
      inputs: previous?.inputs ?? {},
      firstSeen,
    };
    const saved = await stateStore.save(next, loaded, []);
    if (saved.problem)
      throw new Error(`${stateStore.location}: the merged state was not saved: ${saved.problem}`);
    if (!saved.lostRace)
      return {
        articles: Object.keys(articles).length,
        parsed: outcomes.filter((o) => o.kind === "parsed").length,
        skipped: outcomes.filter((o) => o.kind !== "parsed").length,
        lostRace,
      };
    lostRace = true;
  }
  // Thrown, so the state machine runs the step again a little later.
  throw new Error(`${stateStore.location}: other runs kept saving the state; the merge did not land`);
}
