// What the plan promises Step Functions (src/fanout/plan-rebuild.ts): both maps' collected outputs fit the
// 256 KiB a state holds, and no read batch passes the 256 KiB a child is given.
import { describe, expect, it } from "vitest";
import type { WorkItem } from "../../src/fanout/fanout-objects.js";
import {
  BATCH_BYTES,
  MAX_READ_BATCHES,
  MAX_SLICES,
  planRebuild,
  RebuildTooLargeError,
  readBatchSize,
} from "../../src/fanout/plan-rebuild.js";
import { MemoryArticleSource, MemoryFeedStore } from "../../src/store/memory.js";
import { sampleConfig } from "../site/seed-site.js";

const NOW = "2026-11-29T00:00:00.000Z";
const work = (count: number, keyLength = 12): WorkItem[] =>
  Array.from({ length: count }, (_, i) => ({
    key: `${String(i).padStart(keyLength - 4, "0")}.txt`,
    etag: '"0123456789abcdef0123456789abcdef"',
    size: 1700,
    lastModified: NOW,
    firstSeen: NOW,
  }));
const bytes = (items: readonly WorkItem[]) => Buffer.byteLength(JSON.stringify(items));

describe("the rebuild plan's limits", () => {
  it("keeps the batch size asked for while batches are few and small", () => {
    expect(readBatchSize(work(10_000), 1000)).toBe(1000);
  });

  it("raises the batch size so a long work list needs at most 1,500 batches", () => {
    const items = work(600_000);
    const size = readBatchSize(items, 100);
    expect(Math.ceil(items.length / size)).toBeLessThanOrEqual(MAX_READ_BATCHES);
    expect(bytes(items.slice(0, size))).toBeLessThanOrEqual(BATCH_BYTES);
  });

  it("lowers it where keys are long, so no batch passes what a child is given", () => {
    const items = work(5_000, 900);
    const size = readBatchSize(items, 1000);
    expect(size).toBeLessThan(1000);
    expect(bytes(items.slice(0, size))).toBeLessThanOrEqual(BATCH_BYTES);
  });

  it("refuses to start a rebuild whose batches could not fit both limits", () => {
    // A named error, which the state machine does not retry (infra/rebuild.yml).
    expect(() => readBatchSize(work(400_000, 900), 1000)).toThrow(RebuildTooLargeError);
  });

  it("caps the page slices at 500, so their outputs and the read batches' fit one state together", async () => {
    const source = new MemoryArticleSource();
    for (let i = 0; i < 1_200; i++) source.put(`a${i}.txt`, `1 October 2026, 10:00\n\nTitle ${i}\n\nBody.\n`);
    const plan = await planRebuild({
      config: sampleConfig(),
      source,
      store: new MemoryFeedStore(),
      now: new Date(NOW),
      pagesPerSlice: 1,
    });
    expect(plan.of).toBe(MAX_SLICES);
    expect(plan.slices).toHaveLength(MAX_SLICES);
    // The finish's input holds every result key of both maps (rebuild-events.ts names them exactly).
    const read = `{"result":"_state/fanout/${plan.runId}/read/${"0".repeat(64)}.json"},`;
    const pages = `{"result":"_state/fanout/${plan.runId}/pages/${MAX_SLICES - 1}.json"},`;
    expect(MAX_READ_BATCHES * read.length + MAX_SLICES * pages.length).toBeLessThan(240 * 1024);
  });
});
