import { isArticleKey } from "../articles/formats.js";
import type { Config } from "../config.js";
import { articlesSoFar } from "../publish/checkpoint.js";
import { parseContextOf, parseFingerprintOf } from "../publish/collect-articles.js";
import { mapLimit } from "../publish/concurrency.js";
import { firstSeenTimes } from "../publish/first-seen.js";
import type { ArticleOutcome } from "../publish/ledger.js";
import { emptyManifest } from "../publish/manifest.js";
import type { ArticleSource, FeedStore } from "../publish/ports.js";
import { ManifestStateStore, type StateStore } from "../publish/state.js";
import { parsedOutcomes, readResultOf } from "./fanout-objects.js";

const RESULT_READS = 16;

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
  /** Another run saved the state meanwhile: its state won, and the finish step reads what this lost. */
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
  const loaded = await stateStore.load();
  const previous = loaded.state;
  // Listed again, not taken from the plan: an article deleted since is not brought back into the state.
  const listed = (await input.source.list()).filter((entry) => isArticleKey(entry.key)).map((e) => e.key);
  const results = await mapLimit(input.results, RESULT_READS, (key) => readResultOf(store, key));
  const outcomes: ArticleOutcome[] = results.flatMap(parsedOutcomes);
  const skipped = results.reduce((sum, result) => sum + result.skipped.length, 0);
  const parseFingerprint = parseFingerprintOf(parseContextOf(config, input.now), config);
  const cache = articlesSoFar(previous, outcomes, previous?.parseFingerprint === parseFingerprint);
  const articles = Object.fromEntries(
    listed.flatMap((key) => (cache[key] ? [[key, cache[key]] as const] : [])),
  );
  const saved = await stateStore.save(
    {
      ...emptyManifest(parseFingerprint),
      articles,
      documents: previous?.documents ?? {},
      inputs: previous?.inputs ?? {},
      firstSeen: firstSeenTimes(previous?.firstSeen, listed, input.now),
    },
    loaded,
    [],
  );
  if (saved.problem)
    throw new Error(`${stateStore.location}: the merged state was not saved: ${saved.problem}`);
  return {
    articles: Object.keys(articles).length,
    parsed: outcomes.length,
    skipped,
    lostRace: saved.lostRace,
  };
}
