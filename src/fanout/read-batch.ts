import type { Config } from "../config.js";
import { parseContextOf, readArticle } from "../publish/collect-articles.js";
import { mapLimit } from "../publish/concurrency.js";
import type { ArticleSource, FeedStore } from "../publish/ports.js";
import { ManifestStateStore, type StateStore } from "../publish/state.js";
import { type ArticleParser, BudgetedParser } from "../sandbox/budgeted-parser.js";
import { encodeReadResult, putWorkingObject, readResultKey, type WorkItem } from "./fanout-objects.js";

const READ_CONCURRENCY = 16;

export interface ReadBatchInput {
  config: Config;
  source: ArticleSource;
  store: FeedStore;
  state?: StateStore;
  parser?: ArticleParser;
  runId: string;
  /** The plan's instant (RebuildPlan.now). */
  now: Date;
  items: readonly WorkItem[];
}

export interface ReadBatchOutcome {
  /** Store key of the batch's result, for the merge step. */
  result: string;
  parsed: number;
  skipped: number;
}

/**
 * Step 2 of a parallel rebuild, one batch of the work list per invocation: read and parse each article
 * exactly as a run does (collect-articles.ts), store each body under `_state/articles/`, and leave the
 * heads in one result object. Touches neither the state nor any published document, so batches run in
 * any number at once and a retried batch only repeats itself.
 */
export async function readBatch(input: ReadBatchInput): Promise<ReadBatchOutcome> {
  const { config, source, store } = input;
  const parser = input.parser ?? new BudgetedParser();
  try {
    const stateStore = input.state ?? new ManifestStateStore(store);
    const ctx = parseContextOf(config, input.now);
    const reading = { source, config, ctx, parser, bodies: stateStore.bodies };
    const outcomes = await mapLimit(input.items, READ_CONCURRENCY, (item) =>
      readArticle(item, reading, undefined, item.firstSeen),
    );
    const body = encodeReadResult(
      outcomes,
      Object.fromEntries(input.items.map((item) => [item.key, item.firstSeen])),
    );
    const result = readResultKey(input.runId, body);
    await putWorkingObject(store, result, body);
    const parsed = outcomes.filter((o) => o.kind === "parsed").length;
    return { result, parsed, skipped: outcomes.length - parsed };
  } finally {
    if (!input.parser) parser.close();
  }
}
