/**
 * `npm run bench`: the benchmark of issue 8. Publishes synthetic scraped articles (bench/corpus.ts) in the
 * issue's scenarios, each run alone in a fresh child process, in memory and against a loopback S3 server,
 * and prints medians with the issue's targets; then the render and cold-start ratios. Not a test: figures
 * on a shared machine are noisy, so compare ratios and medians, never single runs.
 *
 *   npm run bench -- [--articles 10000,100000] [--bodies 1700,5500] [--stores memory,s3] [--runs 3]
 *                    [--scenarios first,nothing,new,edited,deleted,month] [--no-ratios] [--ratios-only]
 *                    [--cold-runs 9] [--rounds 15] [--heap-mb 768] [--json]
 *
 * --json prints one JSON document on stdout (progress goes to stderr; `npm run -s bench -- --json` also
 * keeps npm's own banner out of stdout).
 */
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { LOCAL_S3_CREDENTIALS, type LocalS3, startLocalS3 } from "../infra/local-s3.js";
import { type Bundles, buildBundles } from "./build.js";
import { runChild } from "./child.js";
import {
  articleText,
  type Change,
  changeFor,
  keyOf,
  SCENARIOS,
  type ScenarioName,
  specOf,
} from "./corpus.js";
import { STATE_PREFIX } from "./counting.js";
import type { ScenarioJob, ScenarioResult } from "./scenario.js";
import {
  type ColdStart,
  type RenderRatio,
  ratioVerdicts,
  type ScenarioRow,
  scenarioVerdicts,
  type Verdict,
} from "./targets.js";

const { values: args } = parseArgs({
  options: {
    articles: { type: "string", default: "10000" },
    bodies: { type: "string", default: "1700,5500" },
    stores: { type: "string", default: "memory,s3" },
    runs: { type: "string", default: "3" },
    scenarios: { type: "string", default: "all" },
    "cold-runs": { type: "string", default: "9" },
    "heap-mb": { type: "string", default: "768" },
    rounds: { type: "string", default: "15" },
    "no-ratios": { type: "boolean", default: false },
    "ratios-only": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});

const numbers = (text: string) => text.split(",").map((s) => Number(s.trim()));
const SIZES = numbers(args.articles);
const BODIES = numbers(args.bodies);
const RUNS = Number(args.runs);
const STORES = args.stores.split(",").map((s) => s.trim()) as ("memory" | "s3")[];
const SHORT: Record<string, ScenarioName> = {
  first: "first run",
  nothing: "nothing new",
  new: "one new article",
  edited: "one edited article",
  deleted: "one deleted article",
  month: "new article, new month",
};
const CHOSEN: ScenarioName[] =
  args.scenarios === "all"
    ? [...SCENARIOS]
    : args.scenarios.split(",").map((s) => {
        const name = SHORT[s.trim()];
        if (!name) throw new Error(`unknown scenario ${s}; use ${Object.keys(SHORT).join(", ")}`);
        return name;
      });
for (const value of [...SIZES, ...BODIES, RUNS])
  if (!Number.isInteger(value) || value < 1) throw new Error(`not a positive whole number: ${value}`);

const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] as number;

/**
 * Scenario processes get the deployed function's V8 heap cap (serverless.yml's NODE_OPTIONS): with this
 * machine's 24 GB, V8 would otherwise let garbage pile up far past what a 1,024 MB Lambda allows, and peak
 * RSS would measure lazy collection rather than what a run holds.
 */
const SCENARIO_NODE_ARGS = [`--max-old-space-size=${Number(args["heap-mb"])}`];

function aggregate(job: ScenarioJob, results: ScenarioResult[]): ScenarioRow {
  const pick = (f: (r: ScenarioResult) => number) => median(results.map(f));
  const requestNames = [...new Set(results.flatMap((r) => Object.keys(r.requests)))].sort();
  return {
    name: job.scenario,
    store: job.store,
    articles: job.articles,
    body_bytes: job.bodyBytes,
    runs: results.length,
    cpu_ms: pick((r) => r.cpu_ms),
    wall_ms: pick((r) => r.wall_ms),
    peak_rss_mb: pick((r) => r.peak_rss_mb),
    articles_read: pick((r) => r.articles_read),
    writes: pick((r) => r.writes),
    deletes: pick((r) => r.deletes),
    state_bytes_read: pick((r) => r.state_bytes_read),
    state_bytes_written: pick((r) => r.state_bytes_written),
    document_bytes_written: pick((r) => r.document_bytes_written),
    requests: Object.fromEntries(requestNames.map((n) => [n, pick((r) => r.requests[n] ?? 0)])),
  };
}

async function measureInMemory(bundles: Bundles, n: number, bodyBytes: number): Promise<ScenarioRow[]> {
  const rows: ScenarioRow[] = [];
  const work = await mkdtemp(path.join(tmpdir(), "feed-publisher-bench-"));
  try {
    const baseline = path.join(work, "state");
    const base = { articles: n, bodyBytes, store: "memory" as const };
    const firstRuns: ScenarioResult[] = [];
    const firstCount = CHOSEN.includes("first run") ? RUNS : 1;
    for (let r = 0; r < firstCount; r++) {
      log(`memory ${n} × ${bodyBytes} B: first run ${r + 1}/${firstCount}`);
      const job: ScenarioJob = { ...base, scenario: "first run", stateOut: path.join(work, `state-${r}`) };
      firstRuns.push(
        await runChild<ScenarioResult>(bundles.scenario, [JSON.stringify(job)], SCENARIO_NODE_ARGS),
      );
    }
    await rm(baseline, { recursive: true, force: true });
    await rename(path.join(work, `state-${firstCount - 1}`), baseline);
    if (CHOSEN.includes("first run")) rows.push(aggregate({ ...base, scenario: "first run" }, firstRuns));
    for (const scenario of CHOSEN.filter((s) => s !== "first run")) {
      const results: ScenarioResult[] = [];
      for (let r = 0; r < RUNS; r++) {
        log(`memory ${n} × ${bodyBytes} B: ${scenario} ${r + 1}/${RUNS}`);
        const job: ScenarioJob = { ...base, scenario, stateIn: baseline };
        results.push(
          await runChild<ScenarioResult>(bundles.scenario, [JSON.stringify(job)], SCENARIO_NODE_ARGS),
        );
      }
      rows.push(aggregate({ ...base, scenario }, results));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return rows;
}

async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

async function listKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

let bucketCount = 0;
async function newBucket(client: S3Client, name: string): Promise<string> {
  const bucket = `${name}-${++bucketCount}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** Applies a scenario's change to the stored corpus; returns what undoes it. */
async function applyChange(
  client: S3Client,
  bucket: string,
  change: Change,
  bodyBytes: number,
): Promise<() => Promise<void>> {
  const put = (key: string, text: string) =>
    client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: new TextEncoder().encode(text) }));
  const original = (key: string) => {
    const match = /article-(\d{7})\.txt$/.exec(key);
    return articleText(specOf(Number(match?.[1])), bodyBytes);
  };
  switch (change.kind) {
    case "none":
      return async () => {};
    case "add":
      await put(change.key, articleText(change.spec, bodyBytes));
      return async () => {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: change.key }));
      };
    case "edit":
      await put(change.key, articleText(change.spec, bodyBytes));
      return async () => {
        await put(change.key, original(change.key));
      };
    case "delete":
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: change.key }));
      return async () => {
        await put(change.key, original(change.key));
      };
  }
}

async function measureOnS3(
  bundles: Bundles,
  s3: LocalS3,
  n: number,
  bodyBytes: number,
): Promise<ScenarioRow[]> {
  const client = s3.client();
  const rows: ScenarioRow[] = [];
  const sourceBucket = await newBucket(client, "articles");
  log(`s3 ${n} × ${bodyBytes} B: storing the corpus`);
  await mapLimit(
    Array.from({ length: n }, (_, i) => i),
    16,
    async (i) => {
      const body = new TextEncoder().encode(articleText(specOf(i), bodyBytes));
      await client.send(new PutObjectCommand({ Bucket: sourceBucket, Key: keyOf(i), Body: body }));
    },
  );
  const base = { articles: n, bodyBytes, store: "s3" as const };
  const jobFor = (scenario: ScenarioName, siteBucket: string): ScenarioJob => ({
    ...base,
    scenario,
    s3: { endpoint: s3.endpoint, sourceBucket, siteBucket, ...LOCAL_S3_CREDENTIALS },
  });
  const firstRuns: ScenarioResult[] = [];
  const firstCount = CHOSEN.includes("first run") ? RUNS : 1;
  let siteBucket = "";
  for (let r = 0; r < firstCount; r++) {
    log(`s3 ${n} × ${bodyBytes} B: first run ${r + 1}/${firstCount}`);
    siteBucket = await newBucket(client, "site");
    firstRuns.push(
      await runChild<ScenarioResult>(
        bundles.scenario,
        [JSON.stringify(jobFor("first run", siteBucket))],
        SCENARIO_NODE_ARGS,
      ),
    );
  }
  if (CHOSEN.includes("first run")) rows.push(aggregate(jobFor("first run", siteBucket), firstRuns));

  // Every later run starts from the site the first run left, state and documents alike: a pristine copy
  // (server-side copies) puts back whatever a run wrote or deleted, and what it added is removed.
  const pristine = await newBucket(client, "pristine");
  const baseline = new Set(await listKeys(client, siteBucket, ""));
  const copy = (from: string, to: string, key: string) =>
    client.send(
      new CopyObjectCommand({
        Bucket: to,
        Key: key,
        CopySource: `${from}/${key.split("/").map(encodeURIComponent).join("/")}`,
      }),
    );
  await mapLimit([...baseline], 16, async (key) => {
    await copy(siteBucket, pristine, key);
  });
  const restoreSite = async (touched: readonly string[]) => {
    const now = await listKeys(client, siteBucket, "");
    await mapLimit(
      now.filter((key) => !baseline.has(key)),
      16,
      async (key) => {
        await client.send(new DeleteObjectCommand({ Bucket: siteBucket, Key: key }));
      },
    );
    const state = [...baseline].filter((key) => key.startsWith(STATE_PREFIX));
    await mapLimit(
      [...new Set([...touched, ...state])].filter((key) => baseline.has(key)),
      16,
      async (key) => {
        await copy(pristine, siteBucket, key);
      },
    );
  };

  for (const scenario of CHOSEN.filter((s) => s !== "first run")) {
    const results: ScenarioResult[] = [];
    for (let r = 0; r < RUNS; r++) {
      log(`s3 ${n} × ${bodyBytes} B: ${scenario} ${r + 1}/${RUNS}`);
      const undo = await applyChange(client, sourceBucket, changeFor(scenario, n), bodyBytes);
      let result: ScenarioResult | undefined;
      try {
        result = await runChild<ScenarioResult>(
          bundles.scenario,
          [JSON.stringify(jobFor(scenario, siteBucket))],
          SCENARIO_NODE_ARGS,
        );
        results.push(result);
      } finally {
        await undo();
        await restoreSite(result?.touched_keys ?? [...baseline]);
      }
    }
    rows.push(aggregate(jobFor(scenario, siteBucket), results));
  }
  return rows;
}

const COLD_SCRIPT = `
const before = process.memoryUsage().rss;
const cpu = process.cpuUsage();
const start = performance.now();
await import(process.argv[1]);
const ms = performance.now() - start;
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ ms, cpu_ms: (used.user + used.system) / 1000, rss_mb: (process.memoryUsage().rss - before) / 2 ** 20 }));
`;

async function coldStart(bundles: Bundles, runs: number): Promise<ColdStart> {
  type Sample = { ms: number; cpu_ms: number; rss_mb: number };
  const samples: Record<"client" | "handler" | "maps", Sample[]> = { client: [], handler: [], maps: [] };
  const handlerUrl = new URL(`file://${bundles.handler}`).href;
  const importIn = (target: string, nodeArgs: string[]) =>
    // `node --input-type=module -e <script> <target>`: the target is the script's process.argv[1].
    runChild<Sample>("--input-type=module", ["-e", COLD_SCRIPT, target], nodeArgs);
  for (let r = 0; r < runs; r++) {
    log(`cold start ${r + 1}/${runs}`);
    // Interleaved, so a neighbour's burst hits all three alike.
    samples.client.push(await importIn("@aws-sdk/client-s3", []));
    samples.handler.push(await importIn(handlerUrl, []));
    samples.maps.push(await importIn(handlerUrl, ["--enable-source-maps"]));
  }
  const ms = (k: keyof typeof samples) => median(samples[k].map((s) => s.ms));
  const rss = (k: keyof typeof samples) => median(samples[k].map((s) => s.rss_mb));
  return {
    runs,
    client_s3_ms: ms("client"),
    handler_ms: ms("handler"),
    handler_source_maps_ms: ms("maps"),
    handler_vs_client_s3: ms("handler") / ms("client"),
    handler_source_maps_vs_client_s3: ms("maps") / ms("client"),
    client_s3_rss_mb: rss("client"),
    handler_rss_mb: rss("handler"),
    handler_source_maps_rss_mb: rss("maps"),
    bundle_bytes: bundles.handlerBytes,
    bundle_parts: bundles.handlerParts
      .slice(0, 8)
      .map((p) => ({ ...p, share: p.bytes / bundles.handlerBytes })),
  };
}

// ---- output ----

const kb = (bytes: number) =>
  bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
const verdictText = (verdicts: Verdict[]) =>
  verdicts
    .map((v) => `${v.met ? "met" : "MISSED"} ${v.target}${v.derived ? "*" : ""}: ${v.measured}`)
    .join("; ");

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function printReadable(rows: ScenarioRow[], render: RenderRatio[], cold: ColdStart | undefined) {
  console.log(
    `feed-publisher bench: medians of ${RUNS} run(s), each in its own process (${SCENARIO_NODE_ARGS.join(" ")}, as deployed); Node ${process.version}`,
  );
  console.log(
    "CPU = user+system of the run; peak RSS = the process's maxRSS; * = target derived from the issue (see bench/targets.ts)\n",
  );
  const groups = new Map<string, ScenarioRow[]>();
  for (const row of rows) {
    const key = `${row.store}, ${row.articles} articles of ~${(row.body_bytes / 1000).toFixed(1)} KB`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const [title, group] of groups) {
    console.log(`## ${title}`);
    const first = group.find((r) => r.name === "first run");
    console.log(
      table(
        [
          "scenario",
          "CPU ms",
          "% first",
          "wall ms",
          "RSS MiB",
          "read",
          "writes",
          "del",
          "state read",
          "state written",
          "requests",
        ],
        group.map((r) => [
          r.name,
          r.cpu_ms.toFixed(0),
          first ? `${((100 * r.cpu_ms) / first.cpu_ms).toFixed(1)}%` : "",
          r.wall_ms.toFixed(0),
          r.peak_rss_mb.toFixed(0),
          String(r.articles_read),
          String(r.writes),
          String(r.deletes),
          kb(r.state_bytes_read),
          kb(r.state_bytes_written),
          Object.entries(r.requests)
            .filter(([, count]) => count > 0)
            .map(([name, count]) => `${name} ${count}`)
            .join(", "),
        ]),
      ),
    );
    console.log("\ntargets:");
    for (const r of group) console.log(`  ${r.name}: ${verdictText(scenarioVerdicts(r, first))}`);
    console.log("");
  }
  if (render.length > 0) {
    console.log("## render path (same process, median of per-round ratios)");
    console.log(
      table(
        [
          "items",
          "ours ms",
          "feed@6 ms",
          "hand ms",
          "ours/feed@6",
          "unchecked/feed@6",
          "feed@6/hand",
          "ours/hand",
          "JSON ours/stringify",
          "JSON unchecked",
        ],
        render.map((r) => [
          String(r.items),
          r.ms.ours.toFixed(2),
          r.ms.feed6.toFixed(2),
          r.ms.hand.toFixed(2),
          `${r.ours_vs_feed6.toFixed(2)}×`,
          `${r.ours_unchecked_vs_feed6.toFixed(2)}×`,
          `${r.feed6_vs_hand.toFixed(2)}×`,
          `${r.ours_vs_hand.toFixed(2)}×`,
          `${r.json_vs_stringify.toFixed(2)}×`,
          `${r.json_unchecked_vs_stringify.toFixed(2)}×`,
        ]),
      ),
    );
    console.log("");
  }
  if (cold) {
    console.log(`## cold start (fresh processes, median of ${cold.runs})`);
    console.log(
      `import @aws-sdk/client-s3 ${cold.client_s3_ms.toFixed(0)} ms (+${cold.client_s3_rss_mb.toFixed(0)} MiB RSS); ` +
        `handler bundle (as deployed) ${cold.handler_ms.toFixed(0)} ms = ${cold.handler_vs_client_s3.toFixed(2)}× (+${cold.handler_rss_mb.toFixed(0)} MiB); ` +
        `with --enable-source-maps (deployed before issue 8) ${cold.handler_source_maps_ms.toFixed(0)} ms = ${cold.handler_source_maps_vs_client_s3.toFixed(2)}× (+${cold.handler_source_maps_rss_mb.toFixed(0)} MiB)`,
    );
    console.log(
      `bundle ${kb(cold.bundle_bytes)}: ${cold.bundle_parts.map((p) => `${p.name} ${(100 * p.share).toFixed(0)}%`).join(", ")}\n`,
    );
  }
  const ratios = ratioVerdicts(render, cold);
  if (ratios.length > 0) {
    console.log("ratio targets:");
    for (const v of ratios) console.log(`  ${v.met ? "met   " : "MISSED"} ${v.target}: ${v.measured}`);
  }
}

// ---- main ----

log("building bundles (esbuild, as serverless-esbuild does)");
const bundles = await buildBundles();
const rows: ScenarioRow[] = [];
if (!args["ratios-only"]) {
  let s3: LocalS3 | undefined;
  try {
    for (const store of STORES) {
      if (store === "s3") s3 = await startLocalS3({ port: 0 });
      for (const n of SIZES)
        for (const body of BODIES)
          rows.push(
            ...(store === "memory"
              ? await measureInMemory(bundles, n, body)
              : await measureOnS3(bundles, s3 as LocalS3, n, body)),
          );
    }
  } finally {
    await s3?.stop();
  }
}
let render: RenderRatio[] = [];
let cold: ColdStart | undefined;
if (!args["no-ratios"]) {
  log("render ratios");
  render = await runChild<RenderRatio[]>(bundles.ratios, [args.rounds]);
  cold = await coldStart(bundles, Number(args["cold-runs"]));
}

if (args.json) {
  const byKey = new Map(rows.map((r) => [`${r.store}/${r.articles}/${r.body_bytes}/${r.name}`, r]));
  const document = {
    node: process.version,
    runs: RUNS,
    scenarios: rows.map((r) => ({
      ...r,
      targets: scenarioVerdicts(r, byKey.get(`${r.store}/${r.articles}/${r.body_bytes}/first run`)),
    })),
    ratios: { render, cold_start: cold, targets: ratioVerdicts(render, cold) },
  };
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
} else printReadable(rows, render, cold);
