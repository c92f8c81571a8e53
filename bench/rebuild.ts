/**
 * `npm run bench:rebuild`: a parallel rebuild (src/fanout/, infra/rebuild.yml) of a synthetic site, each
 * step alone in a fresh process as one Lambda invocation would run it, one after another. Prints each
 * step's CPU and peak RSS (what one invocation needs), the total CPU, and the critical path: the CPU
 * time of a rebuild whose map children all run at once (plan + slowest batch + merge + slowest slice +
 * finish). Not a test; figures on a shared machine are noisy.
 *
 *   npm run bench:rebuild -- [--articles 10000] [--body 1700] [--batch 1000] [--pages-per-slice 20000]
 *                            [--heap-mb 2256] [--json]
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { RebuildPlan } from "../src/fanout/plan-rebuild.js";
import { buildBundles } from "./build.js";
import { runChild } from "./child.js";
import type { RebuildStepJob, RebuildStepResult } from "./rebuild-step.js";

const { values: args } = parseArgs({
  options: {
    articles: { type: "string", default: "10000" },
    body: { type: "string", default: "1700" },
    batch: { type: "string", default: "1000" },
    "pages-per-slice": { type: "string", default: "20000" },
    // The rebuild function's cap (infra/params.cjs: 3/4 of rebuildMemorySize, 3,008 MB by default).
    "heap-mb": { type: "string", default: "2256" },
    json: { type: "boolean", default: false },
  },
});
const articles = Number(args.articles);
const bodyBytes = Number(args.body);
const batchSize = Number(args.batch);
const nodeArgs = [`--max-old-space-size=${Number(args["heap-mb"])}`];
const log = (line: string) => process.stderr.write(`${line}\n`);

interface StepRow {
  step: string;
  invocations: number;
  cpu_ms_max: number;
  cpu_ms_total: number;
  wall_ms_max: number;
  peak_rss_mb_max: number;
}

const rowOf = (step: string, results: RebuildStepResult[]): StepRow => ({
  step,
  invocations: results.length,
  cpu_ms_max: Math.max(...results.map((r) => r.cpu_ms)),
  cpu_ms_total: results.reduce((sum, r) => sum + r.cpu_ms, 0),
  wall_ms_max: Math.max(...results.map((r) => r.wall_ms)),
  peak_rss_mb_max: Math.max(...results.map((r) => r.peak_rss_mb)),
});

async function main() {
  const bundles = await buildBundles();
  const work = await mkdtemp(path.join(tmpdir(), "feed-publisher-bench-rebuild-"));
  const dir = path.join(work, "site");
  await mkdir(dir);
  const base = { dir, articles, bodyBytes };
  const step = (job: RebuildStepJob) =>
    runChild<RebuildStepResult>(bundles.rebuildStep, [JSON.stringify(job)], nodeArgs);
  try {
    log(`rebuild ${articles} × ${bodyBytes} B: plan`);
    const planned = await step({ ...base, step: "plan", pagesPerSlice: Number(args["pages-per-slice"]) });
    const plan = planned.out as RebuildPlan;
    // The work list as the map's item reader would hand it out, one file per batch.
    const items = JSON.parse(
      await readFile(path.join(dir, encodeURIComponent(plan.workList)), "utf8"),
    ) as unknown[];
    const reads: RebuildStepResult[] = [];
    for (let from = 0; from < items.length; from += batchSize) {
      const batchFile = path.join(work, "batch.json");
      await writeFile(batchFile, JSON.stringify(items.slice(from, from + batchSize)));
      log(
        `rebuild ${articles} × ${bodyBytes} B: read ${from / batchSize + 1}/${Math.ceil(items.length / batchSize)}`,
      );
      reads.push(await step({ ...base, step: "read", runId: plan.runId, batchFile }));
    }
    const readKeys = reads.map((r) => (r.out as { result: string }).result);
    log(`rebuild ${articles} × ${bodyBytes} B: merge`);
    const merged = await step({ ...base, step: "merge", reads: readKeys });
    const pages: RebuildStepResult[] = [];
    for (const slice of plan.slices) {
      log(`rebuild ${articles} × ${bodyBytes} B: pages ${slice + 1}/${plan.of}`);
      pages.push(await step({ ...base, step: "pages", runId: plan.runId, slice, of: plan.of }));
    }
    const pageKeys = pages.map((p) => (p.out as { result: string }).result);
    log(`rebuild ${articles} × ${bodyBytes} B: finish`);
    const finished = await step({
      ...base,
      step: "finish",
      runId: plan.runId,
      reads: readKeys,
      pages: pageKeys,
    });
    const rows = [
      rowOf("plan", [planned]),
      rowOf("read", reads),
      rowOf("merge", [merged]),
      rowOf("pages", pages),
      rowOf("finish", [finished]),
    ];
    const criticalPath = rows.reduce((sum, row) => sum + row.cpu_ms_max, 0);
    const total = rows.reduce((sum, row) => sum + row.cpu_ms_total, 0);
    const result = {
      articles,
      body_bytes: bodyBytes,
      batch: batchSize,
      slices: plan.of,
      steps: rows,
      cpu_ms_total: Math.round(total),
      cpu_ms_critical_path: Math.round(criticalPath),
      peak_rss_mb_max: Math.max(...rows.map((r) => r.peak_rss_mb_max)),
      finish: finished.out,
    };
    if (args.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    console.log(
      `parallel rebuild, ${articles} articles × ${bodyBytes} B, batches of ${batchSize}, ${plan.of} page slice(s)`,
    );
    console.log("step     invocations  CPU ms (max)  CPU ms (all)  peak RSS MiB (max)");
    for (const r of rows)
      console.log(
        `${r.step.padEnd(8)} ${String(r.invocations).padStart(11)}  ${Math.round(r.cpu_ms_max).toLocaleString("en").padStart(12)}  ${Math.round(r.cpu_ms_total).toLocaleString("en").padStart(12)}  ${Math.round(r.peak_rss_mb_max).toLocaleString("en").padStart(18)}`,
      );
    console.log(
      `total CPU ${Math.round(total).toLocaleString("en")} ms; critical path ${Math.round(criticalPath).toLocaleString("en")} ms (${((100 * criticalPath) / total).toFixed(1)}% of the total); finish: ${JSON.stringify(finished.out)}`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
