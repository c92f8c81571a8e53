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
  /**
   * Articles per read batch: the one asked for, raised so that there are at most MAX_READ_BATCHES
   * batches, lowered so that one batch's items fit what Step Functions passes a child (BATCH_BYTES).
   */
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
 * Most children of each map. Step Functions passes a map's collected outputs to the next state, which
 * holds at most 256 KiB, and the finish gets both maps' outputs: a read batch leaves
 * `{"result":"_state/fanout/<run id>/read/<sha256>.json"}` (about 126 bytes), a slice
 * `{"result":"_state/fanout/<run id>/pages/<n>.json"}` (at most 66), so 1,500 and 500 of them are
 * ~222 KB, with room for the plan. Result keys name no user prefix (store keys are relative), so these
 * sizes hold for every deployment.
 */
export const MAX_READ_BATCHES = 1_500;
export const MAX_SLICES = 500;
/**
 * The items one read batch may hold, as JSON. Step Functions gives a child at most 256 KiB of input and
 * splits a batch that would pass it, which would make more children than planned; the rest of 256 KiB
 * is room for the batch's BatchInput and the JSON around the items.
 */
export const BATCH_BYTES = 200 * 1024;

/** A rebuild that cannot fit Step Functions' limits: the state machine does not retry it (infra/rebuild.yml). */
export class RebuildTooLargeError extends Error {
  override name = "RebuildTooLargeError";
}

/** Articles per read batch: as asked, or more so the batches fit the map, or fewer so each fits a child. */
export function readBatchSize(work: readonly WorkItem[], asked: number): number {
  let largest = 1;
  for (const item of work) largest = Math.max(largest, Buffer.byteLength(JSON.stringify(item)) + 1);
  const fits = Math.max(1, Math.floor(BATCH_BYTES / largest));
  const size = Math.min(fits, Math.max(asked, Math.ceil(work.length / MAX_READ_BATCHES)));
  if (Math.ceil(work.length / size) > MAX_READ_BATCHES)
    throw new RebuildTooLargeError(
      `${work.length} articles to read need more than ${MAX_READ_BATCHES} read batches of at most ${fits} ` +
        `(the largest work item is ${largest} bytes, and a child gets at most 256 KiB): run the publish ` +
        "function instead, which continues from its checkpoints, or rebuild the source in parts",
    );
  return size;
}

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
  const batchSize = readBatchSize(work, input.batchSize ?? 1000);
  const of = Math.min(
    MAX_SLICES,
    Math.max(1, Math.ceil(entries.length / (input.pagesPerSlice ?? PAGES_PER_SLICE))),
  );
  const workList = workListKey(runId);
  await putWorkingObject(store, workList, jsonBytes(work));
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
