// SIGKILL at a random moment of a run that moves a published site from version A to version B, on
// folder and on S3 output (issue 9, fault suite). After each kill: every published document is A's or
// B's version byte for byte and parses strictly, nothing stray is left but what issue items still
// open allow, and a clean rerun converges byte for byte to the fault-free run.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from "../e2e/s3-server.js";
import {
  brokenDocuments,
  differences,
  isTempFile,
  type References,
  random,
  readTree,
  references,
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

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "feed-publisher-faults-kill-"));
  haveXmllint = await xmllintAvailable();
  if (!haveXmllint && process.env.CI)
    throw new Error("xmllint is required in CI (apt-get install libxml2-utils)");
  refs = await references(work);
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/**
 * A kill time spread over the run, process start-up included: a fraction of how long this trial's
 * first run took (a full publish, so at least as long as the update that is killed), sometimes past
 * the update's end.
 */
const killTime = (next: () => number, scaleMs: number) => Math.round(scaleMs * (0.1 + next() * 0.9));

interface Outcome {
  failures: string[];
  killed: number;
  tempFiles: string[];
}

/** Checks one killed run and its clean rerun; `read` returns the output as it is now. */
async function judge(
  label: string,
  read: () => Promise<Tree>,
  rerun: () => ReturnType<typeof runCli>,
  outcome: Outcome,
): Promise<void> {
  const afterKill = await read();
  const broken = brokenDocuments(afterKill, refs.siteA, refs.siteB);
  if (broken.length > 0) outcome.failures.push(`${label}: not A's or B's version: ${broken.join(", ")}`);
  if (haveXmllint) {
    const bad = await unparsable(afterKill, path.join(work, "parse"));
    if (bad.length > 0) outcome.failures.push(`${label}: does not parse: ${bad.join("; ")}`);
  }
  const rerunResult = await rerun();
  if (rerunResult.code !== 0) {
    outcome.failures.push(
      `${label}: clean rerun exited ${rerunResult.code}: ${rerunResult.stderr.slice(0, 500)}`,
    );
  }
  const converged = await read();
  const diff = differences(new Map([...converged].filter(([key]) => !isTempFile(key))), refs.siteB).filter(
    (line) => !line.startsWith("extra "),
  );
  if (diff.length > 0)
    outcome.failures.push(`${label}: rerun differs from the fault-free run: ${diff.join(", ")}`);
  const left = strays(converged, refs.siteB);
  const unexplained = left.filter((key) => !isTempFile(key));
  if (unexplained.length > 0)
    outcome.failures.push(`${label}: stray keys after the rerun: ${unexplained.join(", ")}`);
  outcome.tempFiles.push(...left.filter(isTempFile).map((key) => `${label}: ${key}`));
}

describe("SIGKILL during a run", () => {
  it(
    `leaves a folder output readable and a rerun converges (${TRIALS} trials, seed ${SEED})`,
    async () => {
      const outcome: Outcome = { failures: [], killed: 0, tempFiles: [] };
      for (let trial = 0; trial < TRIALS; trial++) {
        const next = random(SEED + trial);
        const source = path.join(work, `folder-${trial}`, "articles");
        const output = path.join(work, `folder-${trial}`, "public");
        await writeTree(source, refs.sourceA);
        const first = await runCli(source, output);
        expect(first.code, first.stderr).toBe(0);
        await writeTree(source, refs.sourceB);
        const at = killTime(next, first.ms);
        const killed = await runCli(source, output, { killAfterMs: at });
        if (killed.signal === "SIGKILL") outcome.killed++;
        else if (killed.code !== 0)
          outcome.failures.push(`trial ${trial}: unkilled run exited ${killed.code} (${killed.signal})`);
        if (killed.orphans)
          outcome.failures.push(`trial ${trial}: processes it started outlived the killed run`);
        await judge(
          `folder trial ${trial} (FAULT_SEED=${SEED}, kill at ${at} ms)`,
          () => readTree(output),
          () => runCli(source, output),
          outcome,
        );
      }
      console.info(
        `folder: ${outcome.killed} of ${TRIALS} runs killed mid-run; temp files left: ${outcome.tempFiles.length}`,
      );
      expect(outcome.failures).toEqual([]);
    },
    60_000 + TRIALS * 80_000,
  );

  describe("on S3 output", () => {
    let s3: S3TestServer;
    beforeAll(async () => {
      s3 = await startS3Server({ buckets: ["feeds"] });
    });
    afterAll(async () => {
      await s3?.stop();
    });

    it(
      `leaves the published objects readable and a rerun converges (${TRIALS} trials, seed ${SEED})`,
      async () => {
        const client = s3.client();
        const env = {
          FEED_S3_ENDPOINT: s3.endpoint,
          FEED_S3_FORCE_PATH_STYLE: "true",
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        };
        const outcome: Outcome = { failures: [], killed: 0, tempFiles: [] };
        for (let trial = 0; trial < TRIALS; trial++) {
          const next = random(SEED + 1000 + trial);
          const articles = `trial-${trial}/articles/`;
          const output = `trial-${trial}/public/`;
          const from = `s3://feeds/${articles}`;
          const to = `s3://feeds/${output}`;
          await writeS3Tree(client, "feeds", articles, refs.sourceA);
          const first = await runCli(from, to, { env });
          expect(first.code, first.stderr).toBe(0);
          await writeS3Tree(client, "feeds", articles, refs.sourceB);
          const at = killTime(next, first.ms);
          const killed = await runCli(from, to, { env, killAfterMs: at });
          if (killed.signal === "SIGKILL") outcome.killed++;
          else if (killed.code !== 0)
            outcome.failures.push(`trial ${trial}: unkilled run exited ${killed.code} (${killed.signal})`);
          if (killed.orphans)
            outcome.failures.push(`trial ${trial}: processes it started outlived the killed run`);
          await judge(
            `S3 trial ${trial} (FAULT_SEED=${SEED}, kill at ${at} ms)`,
            () => readS3Tree(client, "feeds", output),
            () => runCli(from, to, { env }),
            outcome,
          );
        }
        console.info(`S3: ${outcome.killed} of ${TRIALS} runs killed mid-run`);
        expect(outcome.failures).toEqual([]);
        // S3 writes are single PUTs: no temp object can exist.
        expect(outcome.tempFiles).toEqual([]);
      },
      // A hang guard, not a speed check: a clean CI clone on a slow day took 143 s for 3 trials.
      60_000 + TRIALS * 80_000,
    );
  });

  // Issue 9 item 5 (harden): a killed folder run leaves `<doc>.<pid>.tmp` beside the documents and no
  // run removes it. Today's trials only count them (the console line above); once temp files live
  // outside the published tree, assert `strays(...)` is empty here.
  it.todo("leaves no <doc>.<pid>.tmp in a folder output after a kill and a rerun (issue 9 item 5, harden)");
  // Issue 9 item 19 (harden): folder output keeps `_state/` inside the published folder, where a static
  // server publishes it. Expected to fail until that fix is on main; then this becomes a plain `it`.
  it("keeps the folder output's state outside the published tree (issue 9 item 19, harden)", async () => {
    const site = await readTree(path.join(work, "reference-output"));
    expect(site.size).toBeGreaterThan(0);
    expect([...site.keys()].filter((key) => key.startsWith("_state/"))).toEqual([]);
  });
});
