// S3 failing under a run (issue 9, fault suite): a loopback proxy gives a seeded share of requests a
// 500, a 503, a reset before or after S3 acted, a stall or a cut-off body, while a run moves the
// published site from version A to version B (articles read and documents written through the proxy).
// After each: every published object is A's or B's version and parses strictly; a run that exits 0
// and reports nothing rejected or failed published exactly B; a clean rerun converges to B.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from "../e2e/s3-server.js";
import { startFaultProxy } from "./fault-proxy.js";
import {
  brokenDocuments,
  differences,
  type References,
  random,
  readTree,
  references,
  reportOf,
  runCli,
  SEED,
  strays,
  TRIALS,
  type Tree,
  unparsable,
  writeTree,
  xmllintAvailable,
} from "./harness.js";
import { readS3Tree, writeS3Tree } from "./s3-tree.js";

let work: string;
let refs: References;
let haveXmllint: boolean;
let s3: S3TestServer;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "feed-publisher-faults-s3-"));
  haveXmllint = await xmllintAvailable();
  if (!haveXmllint && process.env.CI)
    throw new Error("xmllint is required in CI (apt-get install libxml2-utils)");
  refs = await references(work);
  s3 = await startS3Server({ buckets: ["feeds"] });
}, 120_000);

afterAll(async () => {
  await s3?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Site C: source B with the given articles at their A version (absent if A had none), fault-free. */
async function publishMix(keys: readonly string[], name: string): Promise<Tree> {
  const source: Tree = new Map(refs.sourceB);
  for (const key of keys) {
    const old = refs.sourceA.get(key);
    if (old) source.set(key, old);
    else source.delete(key);
  }
  const folder = path.join(work, name);
  await writeTree(path.join(folder, "articles"), source);
  const result = await runCli(path.join(folder, "articles"), path.join(folder, "public"));
  if (result.code !== 0) throw new Error(`fault-free run of the mix failed: ${result.stderr}`);
  return readTree(path.join(folder, "public"));
}

const s3Env = (endpoint: string) => ({
  FEED_S3_ENDPOINT: endpoint,
  FEED_S3_FORCE_PATH_STYLE: "true",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
});

describe("S3 faults during a run", () => {
  it(
    `never publish a broken document, and a rerun converges (${TRIALS} trials, seed ${SEED})`,
    async () => {
      const client = s3.client();
      const failures: string[] = [];
      const summary: string[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const next = random(SEED + 2000 + trial);
        // From a few faults (the SDK's retries absorb them) to many (runs fail).
        const rate = 0.03 + next() * 0.3;
        const articles = `trial-${trial}/articles/`;
        const output = `trial-${trial}/public/`;
        const from = `s3://feeds/${articles}`;
        const to = `s3://feeds/${output}`;
        await writeS3Tree(client, "feeds", articles, refs.sourceA);
        const first = await runCli(from, to, { env: s3Env(s3.endpoint) });
        expect(first.code, first.stderr).toBe(0);
        await writeS3Tree(client, "feeds", articles, refs.sourceB);

        const proxy = await startFaultProxy({ upstream: s3.endpoint, rate, next });
        const faulted = await runCli(from, to, { env: s3Env(proxy.endpoint) });
        await proxy.close();
        const label = `trial ${trial} (FAULT_SEED=${SEED}, rate ${rate.toFixed(2)}, exit ${faulted.code}, ${JSON.stringify(proxy.counts)})`;
        summary.push(label);

        const afterFault = await readS3Tree(client, "feeds", output);
        const report = reportOf(faulted);
        // An article the run could not read (or that failed to parse) keeps its last good version
        // (src/publish/publish.ts), so the documents may be built from B with those articles at their A
        // version: a third site, C, which a fault-free run reproduces.
        const fallbacks = [...(report?.articles?.rejected ?? []), ...(report?.documents?.failed ?? [])]
          .map((failure) => (failure as { key?: string }).key ?? "")
          .filter((key) => refs.sourceB.has(key));
        const siteC = fallbacks.length === 0 ? refs.siteB : await publishMix(fallbacks, `mix-${trial}`);
        const broken = brokenDocuments(afterFault, refs.siteA, refs.siteB, siteC);
        if (broken.length > 0) failures.push(`${label}: not A's, B's or C's version: ${broken.join(", ")}`);
        if (fallbacks.length > 0) summary.push(`  kept last good versions of ${fallbacks.join(", ")}`);
        if (haveXmllint) {
          const bad = await unparsable(afterFault, path.join(work, "parse"));
          if (bad.length > 0) failures.push(`${label}: does not parse: ${bad.join("; ")}`);
        }
        if (faulted.signal !== null) failures.push(`${label}: the run hung and was killed`);
        // "No failed run exited 0": a clean exit with nothing reported means B, complete.
        const quiet =
          (report?.articles?.rejected?.length ?? 0) === 0 && (report?.documents?.failed?.length ?? 0) === 0;
        if (faulted.code === 0 && quiet) {
          const diff = differences(afterFault, refs.siteB);
          if (diff.length > 0)
            failures.push(`${label}: exited 0 reporting nothing, yet differs from B: ${diff.join(", ")}`);
        }

        const rerun = await runCli(from, to, { env: s3Env(s3.endpoint) });
        if (rerun.code !== 0)
          failures.push(`${label}: clean rerun exited ${rerun.code}: ${rerun.stderr.slice(0, 500)}`);
        const converged = await readS3Tree(client, "feeds", output);
        const diff = differences(converged, refs.siteB);
        if (diff.length > 0)
          failures.push(`${label}: rerun differs from the fault-free run: ${diff.join(", ")}`);
        const left = strays(converged, refs.siteB);
        if (left.length > 0) failures.push(`${label}: stray keys: ${left.join(", ")}`);
      }
      console.info(summary.join("\n"));
      expect(failures).toEqual([]);
    },
    60_000 + TRIALS * 120_000,
  );
});
