import { mapLimit } from "../publish/concurrency.js";
import type { PublishInput } from "../publish/publish.js";
import { workListOf } from "./fanout-objects.js";
import { finishRebuild, type RebuildReport } from "./finish-rebuild.js";
import { mergeReads } from "./merge-reads.js";
import { planRebuild } from "./plan-rebuild.js";
import { readBatch } from "./read-batch.js";
import { writePages } from "./write-pages.js";

export interface RebuildInput extends PublishInput {
  /** Articles per read batch (the Distributed Map's ItemBatcher). */
  batchSize?: number;
  pagesPerSlice?: number;
  /** Batches and slices in flight at once (the map's MaxConcurrency). */
  concurrency?: number;
}

/**
 * The five steps of a parallel rebuild run one after another in this process, as the Step Functions
 * state machine runs them across invocations (infra/rebuild.yml): the same functions, the same working
 * objects. For tests, the bench, and a local rehearsal; it is no faster than `publish` in one process.
 */
export async function rebuildInSteps(input: RebuildInput): Promise<RebuildReport> {
  // Each step makes its own state store unless one is given, as separate invocations would.
  const steps = input;
  const plan = await planRebuild(input);
  const now = new Date(plan.now);
  const work = await workListOf(input.store, plan.runId);
  const size = plan.batchSize;
  const batches = Array.from({ length: Math.ceil(work.length / size) }, (_, i) =>
    work.slice(i * size, (i + 1) * size),
  );
  const concurrency = input.concurrency ?? 4;
  const reads = await mapLimit(batches, concurrency, (items) =>
    readBatch({ ...steps, runId: plan.runId, now, items }),
  );
  const results = reads.map((read) => read.result);
  await mergeReads({ ...steps, now, results });
  const pages = await mapLimit(plan.slices, concurrency, (slice) =>
    writePages({ ...steps, runId: plan.runId, slice, of: plan.of, full: plan.full }),
  );
  return finishRebuild({
    ...steps,
    full: plan.full,
    now,
    runId: plan.runId,
    reads: results,
    pages: pages.map((page) => page.result),
  });
}
