// The output disk filling up during a run (issue 9, fault suite): the folder output lives on a small
// tmpfs, and ballast leaves a seeded amount of free space, from none to a little more than the update
// needs. After each: every published document is A's or B's version and parses strictly, no failed
// run exits 0, and once space is back a clean rerun converges byte for byte to the fault-free run.
// Mounting needs root (or CAP_SYS_ADMIN); where that is refused the test skips and says why.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, statfs, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  brokenDocuments,
  differences,
  isTempFile,
  published,
  type References,
  random,
  readTree,
  references,
  runCli,
  SEED,
  strays,
  TRIALS,
  unparsable,
  writeTree,
  xmllintAvailable,
} from "./harness.js";

const run = promisify(execFile);

let work: string;
let disk: string;
let mounted = false;
let mountProblem = "";
let refs: References;
let haveXmllint: boolean;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "feed-publisher-faults-disk-"));
  disk = path.join(work, "disk");
  await mkdir(disk);
  haveXmllint = await xmllintAvailable();
  if (!haveXmllint && process.env.CI)
    throw new Error("xmllint is required in CI (apt-get install libxml2-utils)");
  try {
    await run("mount", ["-t", "tmpfs", "-o", "size=32m,mode=0700", "tmpfs", disk]);
    mounted = true;
  } catch (error) {
    mountProblem = `cannot mount a tmpfs here (${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}); needs root or CAP_SYS_ADMIN`;
    return;
  }
  refs = await references(work);
}, 120_000);

afterAll(async () => {
  if (mounted) await run("umount", [disk]).catch(() => run("umount", ["-l", disk]));
  if (work) await rm(work, { recursive: true, force: true });
});

const bytes = (tree: Map<string, Buffer>) => [...tree.values()].reduce((sum, body) => sum + body.length, 0);

describe("disk full during a folder run", () => {
  it(
    `keeps the published folder readable and a rerun converges (${TRIALS} trials, seed ${SEED})`,
    async (ctx) => {
      if (!mounted) {
        ctx.skip(mountProblem);
        return;
      }
      const failures: string[] = [];
      const summary: string[] = [];
      // What the A → B update writes, besides its state: the changed documents.
      const changed = [...published(refs.siteB)].filter(([key, body]) => !refs.siteA.get(key)?.equals(body));
      const updateBytes = bytes(new Map(changed));
      for (let trial = 0; trial < TRIALS; trial++) {
        const next = random(SEED + 3000 + trial);
        const source = path.join(work, `source-${trial}`);
        const output = path.join(disk, `public-${trial}`);
        const ballast = path.join(disk, "ballast");
        await writeTree(source, refs.sourceA);
        const first = await runCli(source, output);
        expect(first.code, first.stderr).toBe(0);
        await writeTree(source, refs.sourceB);

        const { bavail, bsize } = await statfs(disk);
        const free = Math.round(next() * 1.1 * updateBytes);
        await writeFile(ballast, Buffer.alloc(Math.max(0, bavail * bsize - free)));
        const full = await runCli(source, output);
        const label = `trial ${trial} (FAULT_SEED=${SEED}, ${free} bytes free for a ${updateBytes}-byte update, exit ${full.code})`;
        summary.push(label);

        const afterFault = await readTree(output);
        const broken = brokenDocuments(afterFault, refs.siteA, refs.siteB);
        if (broken.length > 0) failures.push(`${label}: not A's or B's version: ${broken.join(", ")}`);
        if (haveXmllint) {
          const bad = await unparsable(afterFault, path.join(work, "parse"));
          if (bad.length > 0) failures.push(`${label}: does not parse: ${bad.join("; ")}`);
        }
        if (full.code === 0) {
          const diff = differences(afterFault, refs.siteB);
          if (diff.length > 0) failures.push(`${label}: exited 0 yet differs from B: ${diff.join(", ")}`);
        }
        const tempFiles = [...afterFault.keys()].filter(isTempFile);
        if (tempFiles.length > 0)
          failures.push(`${label}: temp files left by a failed write: ${tempFiles.join(", ")}`);

        await rm(ballast);
        const rerun = await runCli(source, output);
        if (rerun.code !== 0)
          failures.push(`${label}: clean rerun exited ${rerun.code}: ${rerun.stderr.slice(0, 500)}`);
        const converged = await readTree(output);
        const diff = differences(converged, refs.siteB);
        if (diff.length > 0)
          failures.push(`${label}: rerun differs from the fault-free run: ${diff.join(", ")}`);
        const left = strays(converged, refs.siteB);
        if (left.length > 0) failures.push(`${label}: stray files: ${left.join(", ")}`);
        await rm(output, { recursive: true, force: true });
      }
      console.info(summary.join("\n"));
      expect(failures).toEqual([]);
    },
    60_000 + TRIALS * 80_000,
  );
});
