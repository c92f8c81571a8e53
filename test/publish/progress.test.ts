import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PublishProgress, publish } from "../../src/publish/publish.js";
import { FsArticleSource, FsFeedStore } from "../../src/store/fs.js";
import { SEEDS, sampleConfig } from "../site/seed-site.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "progress-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = async (dryRun = false) => {
  const seen: PublishProgress[] = [];
  const report = await publish({
    config: sampleConfig(),
    source: new FsArticleSource(SEEDS),
    store: new FsFeedStore(path.join(dir, "out")),
    now: new Date("2026-11-29T00:00:00Z"),
    dryRun,
    onProgress: (progress) => seen.push(progress),
  });
  return { report, seen };
};

describe("publish onProgress", () => {
  it("counts every article read, then every planned document handled, ending at the totals", async () => {
    const { report, seen } = await run();
    const reading = seen.filter((p) => p.phase === "reading");
    const writing = seen.filter((p) => p.phase === "writing");
    expect(reading.map((p) => p.done)).toEqual(reading.map((_, i) => i + 1));
    expect(reading.at(-1)).toEqual({ phase: "reading", done: 5, total: 5 });
    // Reading is over before the first document is handled.
    expect(seen.findIndex((p) => p.phase === "writing")).toBe(reading.length);
    const total = report.documents.written.length + report.documents.unchanged;
    expect(writing.at(-1)).toEqual({ phase: "writing", done: total, total, written: total });
  });

  it("reports documents handled but none written on a second run with nothing new", async () => {
    await run();
    const { report, seen } = await run();
    expect(report.documents.written).toEqual([]);
    expect(seen.filter((p) => p.phase === "writing").at(-1)).toMatchObject({ written: 0 });
  });
});
