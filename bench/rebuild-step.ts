/**
 * One step of a parallel rebuild (src/fanout/), alone in its own process as one Lambda invocation would
 * run it (started by bench/rebuild.ts). The run state and the working objects live in a folder shared by
 * the steps (StateOnlyStore); documents are counted, not kept. Prints one JSON line: the measurement.
 */
import { readFile } from "node:fs/promises";
import { parseConfig } from "../src/config.js";
import type { WorkItem } from "../src/fanout/fanout-objects.js";
import { finishRebuild } from "../src/fanout/finish-rebuild.js";
import { mergeReads } from "../src/fanout/merge-reads.js";
import { planRebuild } from "../src/fanout/plan-rebuild.js";
import { readBatch } from "../src/fanout/read-batch.js";
import { writePages } from "../src/fanout/write-pages.js";
import { BENCH_CONFIG, BENCH_NOW, SyntheticSource } from "./corpus.js";
import { StateOnlyStore } from "./counting.js";

export type RebuildStepJob = { dir: string; articles: number; bodyBytes: number } & (
  | { step: "plan"; pagesPerSlice: number }
  | { step: "read"; runId: string; batchFile: string }
  | { step: "merge"; reads: string[] }
  | { step: "pages"; runId: string; slice: number; of: number }
  | { step: "finish"; runId: string; reads: string[]; pages: string[] }
);

export interface RebuildStepResult {
  cpu_ms: number;
  wall_ms: number;
  peak_rss_mb: number;
  /** What the step returned (the plan, a result key, a report's figures). */
  out: unknown;
}

async function run(job: RebuildStepJob): Promise<RebuildStepResult> {
  const config = parseConfig(BENCH_CONFIG);
  const source = new SyntheticSource(job.articles, job.bodyBytes, { kind: "none" });
  const store = await StateOnlyStore.open(job.dir);
  const io = { config, source, store, now: BENCH_NOW };
  const items =
    job.step === "read" ? (JSON.parse(await readFile(job.batchFile, "utf8")) as WorkItem[]) : undefined;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let out: unknown;
  switch (job.step) {
    case "plan":
      out = await planRebuild({ ...io, pagesPerSlice: job.pagesPerSlice });
      break;
    case "read":
      out = await readBatch({ ...io, runId: job.runId, items: items ?? [] });
      break;
    case "merge":
      out = await mergeReads({ ...io, results: job.reads });
      break;
    case "pages":
      out = await writePages({ ...io, runId: job.runId, slice: job.slice, of: job.of });
      break;
    case "finish": {
      const report = await finishRebuild({ ...io, runId: job.runId, reads: job.reads, pages: job.pages });
      const problems = [...report.articles.rejected, ...report.documents.failed];
      if (problems.length > 0 || report.incomplete)
        throw new Error(`the rebuild was not clean: ${JSON.stringify(problems.slice(0, 5))}`);
      out = {
        parsed: report.articles.parsed,
        reused: report.articles.reused,
        written: report.documents.written.length,
        pagesWritten: report.rebuild.pagesWritten,
      };
      break;
    }
  }
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await store.save();
  return {
    cpu_ms: (used.user + used.system) / 1000,
    wall_ms: wall,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    out,
  };
}

const job = JSON.parse(process.argv[2] ?? "{}") as RebuildStepJob;
run(job).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
