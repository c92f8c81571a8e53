import { isArticleKey } from "../articles/formats.js";
import type { Config } from "../config.js";
import { isReusable, parseContextOf, parseFingerprintOf } from "../publish/collect-articles.js";
import { firstSeenTimes } from "../publish/first-seen.js";
import type { ArticleSource, FeedStore } from "../publish/ports.js";
import { ManifestStateStore, type StateStore } from "../publish/state.js";
import { jsonBytes, putWorkingObject, type WorkItem, workListKey } from "./fanout-objects.js";

export interface RebuildPlan {
  /** Names the rebuild's working objects (`_state/fanout/<runId>/`). */
  runId: string;
  /** The instant every step parses against (future dates, first-seen times), so all steps agree. */
  now: string;
  /** Store key of the work list: the listed articles to read, as a JSON array (the map's item reader). */
  workList: string;
  listed: number;
  toRead: number;
  /** Articles per read batch: the one asked for, raised so that there are at most MAX_CHILDREN batches. */
  batchSize: number;
  /** Slice numbers of the article pages, one parallel writer each (`of` = their count). */
  slices: number[];
  of: number;
  full: boolean;
}

export interface PlanInput {
  config: Config;
  source: ArticleSource;
  store: FeedStore;
  state?: StateStore;
  now: Date;
  /** Read every article again, ignoring the state's parsed copies. */
  full?: boolean;
  /** Article pages per parallel writer; the number of slices follows from the site's size. */
  pagesPerSlice?: number;
  /** Articles per read batch asked for (default 1,000). */
  batchSize?: number;
  runId?: string;
}

/** How many article pages one writer of the pages step renders, by default (docs/scale.md). */
export const PAGES_PER_SLICE = 20_000;
/**
 * Most children of one map. Step Functions passes a map's collected outputs (a result key each, ~110
 * bytes) to the next state, which holds at most 256 KB; 1,500 of them leave room for the rest.
 */
export const MAX_CHILDREN = 1_500;

/**
 * Step 1 of a parallel rebuild: list the source, diff it against the state, and write the work list of
 * articles that must be read (new, changed, or all under changed parse settings or `full`). Reads only
 * the state and the listing; writes only the work list.
 */
export async function planRebuild(input: PlanInput): Promise<RebuildPlan> {
  const { config, source, store, now } = input;
  const full = input.full ?? false;
  const stateStore = input.state ?? new ManifestStateStore(store);
  const loaded = await stateStore.load();
  const previous = loaded.state;
  const entries = (await source.list()).filter((entry) => isArticleKey(entry.key));
  const parseFingerprint = parseFingerprintOf(parseContextOf(config, now), config);
  const reusable = !full && previous?.parseFingerprint === parseFingerprint ? previous.articles : {};
  const firstSeen = firstSeenTimes(
    previous?.firstSeen,
    entries.map((entry) => entry.key),
    now,
  );
  const work: WorkItem[] = entries
    .filter((entry) => !isReusable(reusable[entry.key], entry))
    .map((entry) => ({
      key: entry.key,
      etag: entry.etag,
      size: entry.size,
      lastModified: entry.lastModified,
      firstSeen: firstSeen[entry.key] as string,
    }));
  const runId =
    input.runId ??
    `${now
      .toISOString()
      .replace(/[^0-9]/g, "")
      .slice(0, 14)}-${crypto.randomUUID().slice(0, 8)}`;
  const workList = workListKey(runId);
  await putWorkingObject(store, workList, jsonBytes(work));
  const of = Math.min(
    MAX_CHILDREN,
    Math.max(1, Math.ceil(entries.length / (input.pagesPerSlice ?? PAGES_PER_SLICE))),
  );
  const batchSize = Math.max(input.batchSize ?? 1000, Math.ceil(work.length / MAX_CHILDREN));
  return {
    runId,
    now: now.toISOString(),
    workList,
    listed: entries.length,
    toRead: work.length,
    batchSize,
    slices: Array.from({ length: of }, (_, i) => i),
    of,
    full,
  };
}
