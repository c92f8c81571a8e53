/**
 * One measured run, alone in its own process (started by bench/run.ts, bundled like the Lambda so no
 * TypeScript loader sits in the figures): its peak RSS is the process's maxRSS, which is what Lambda
 * limits. Prints one JSON line: the measurement.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseConfig } from "../src/config.js";
import type { ArticleSource, SourceEntry } from "../src/publish/ports.js";
import { publish } from "../src/publish/publish.js";
import { openSource, openStore, parseLocation } from "../src/store/location.js";
import { createS3Client } from "../src/store/s3-client.js";
import { BENCH_CONFIG, BENCH_NOW, changeFor, type ScenarioName, SyntheticSource } from "./corpus.js";
import { CountingStore, countRequests, StateOnlyStore } from "./counting.js";

export interface ScenarioJob {
  scenario: ScenarioName;
  articles: number;
  bodyBytes: number;
  store: "memory" | "s3";
  /** Memory runs: the state a previous run left (files named by encoded key); omitted for a first run. */
  stateIn?: string;
  /** Memory runs: where to leave this run's state for the next scenarios. */
  stateOut?: string;
  s3?: {
    endpoint: string;
    sourceBucket: string;
    siteBucket: string;
    accessKeyId: string;
    secretAccessKey: string;
  };
}

export interface ScenarioResult {
  cpu_ms: number;
  wall_ms: number;
  peak_rss_mb: number;
  articles_read: number;
  writes: number;
  deletes: number;
  state_bytes_read: number;
  state_bytes_written: number;
  document_bytes_written: number;
  requests: Record<string, number>;
  /** When publish() ran, in the clock of V8's CPU profiles (µs, monotonic): bench/profile.ts keeps only
   * the samples inside it, so module loading and set-up stay out of the summary. */
  window_us: [number, number];
  /** Documents the run wrote or deleted, so the harness can put the site back for the next run. */
  touched_keys: string[];
}

/** Counts reads and listings on any source. */
class CountingSource implements ArticleSource {
  reads = 0;
  lists = 0;
  get location() {
    return this.inner.location;
  }
  constructor(private readonly inner: ArticleSource) {}
  list(): Promise<SourceEntry[]> {
    this.lists++;
    return this.inner.list();
  }
  read(key: string): Promise<Uint8Array> {
    this.reads++;
    return this.inner.read(key);
  }
}

async function run(job: ScenarioJob): Promise<ScenarioResult> {
  const config = parseConfig(BENCH_CONFIG);
  let source: CountingSource;
  let store: CountingStore;
  let stateOnly: StateOnlyStore | undefined;
  let workDir: string | undefined;
  let requests: Record<string, number> | undefined;
  if (job.store === "memory") {
    source = new CountingSource(
      new SyntheticSource(job.articles, job.bodyBytes, changeFor(job.scenario, job.articles)),
    );
    // Each run works on its own copy of the output the first run left (a scenario changes it).
    const dir = job.stateOut ?? (await mkdtemp(path.join(tmpdir(), "feed-publisher-bench-run-")));
    if (job.stateIn) await cp(job.stateIn, dir, { recursive: true });
    stateOnly = await StateOnlyStore.open(dir);
    workDir = job.stateOut ? undefined : dir;
    store = new CountingStore(stateOnly);
  } else {
    const s3 = job.s3;
    if (!s3) throw new Error("an S3 job needs its endpoint and buckets");
    const client = createS3Client({
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      checksumWhenRequired: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    requests = countRequests(client);
    source = new CountingSource(openSource(parseLocation(`s3://${s3.sourceBucket}/`), () => client));
    store = new CountingStore(openStore(parseLocation(`s3://${s3.siteBucket}/`), () => client));
  }

  const cpu = process.cpuUsage();
  const started = performance.now();
  const from = Number(process.hrtime.bigint() / 1000n);
  const report = await publish({ config, source, store, now: BENCH_NOW });
  const to = Number(process.hrtime.bigint() / 1000n);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const peakRss = process.resourceUsage().maxRSS / 1024;

  const problems = [...report.articles.rejected, ...report.documents.failed];
  if (problems.length > 0)
    throw new Error(
      `the run was not clean: ${JSON.stringify(problems.slice(0, 5))} (${problems.length} in all)`,
    );
  if (stateOnly && job.stateOut) await stateOnly.save();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  const c = store.counts;
  return {
    cpu_ms: (used.user + used.system) / 1000,
    wall_ms: wall,
    peak_rss_mb: peakRss,
    articles_read: source.reads,
    writes: report.documents.written.length,
    deletes: report.documents.deleted.length,
    state_bytes_read: c.stateBytesRead,
    state_bytes_written: c.stateBytesWritten,
    document_bytes_written: c.documentBytesWritten,
    window_us: [from, to],
    touched_keys: [...report.documents.written, ...report.documents.deleted],
    requests: requests ?? {
      // In memory there are no requests; these are the port calls an S3 run would turn into requests.
      list: source.lists,
      read_article: source.reads,
      read_output: c.documentReads + c.stateReads,
      list_output: c.outputLists,
      write: c.documentWrites + c.stateWrites,
      delete: c.deletes,
    },
  };
}

const job = JSON.parse(process.argv[2] ?? "{}") as ScenarioJob;
run(job).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
