// Issue 8, "Progress that survives a timeout": two runs in a row SIGKILLed (as a Lambda timeout or an OOM
// kill stops them) right after their first checkpoint, then a normal run. Each killed run must have
// kept progress for the next, and the site must end complete, valid, and byte for byte the site of an
// uninterrupted run. Checkpoints are made frequent with FEED_CHECKPOINT_SECONDS=0, so the kill lands at
// a known point (a saved checkpoint) instead of a timed one.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRoot, decodeShard } from "../../src/publish/state-pieces.js";
import {
  corpora,
  differences,
  readTree,
  reportOf,
  runCli,
  seedsTree,
  type Tree,
  unparsable,
  writeTree,
  xmllintAvailable,
} from "./harness.js";

let work: string;
let source: Tree;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "feed-publisher-faults-checkpoint-"));
  source = new Map([...(await seedsTree()), ...corpora().a]);
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Where a folder output keeps its state: beside it, in `.feed-publisher/<name>/` (README, "Local use"). */
const stateFile = (output: string) =>
  path.join(path.dirname(output), ".feed-publisher", path.basename(output), "state", "manifest.json");

const readState = (output: string): string | undefined =>
  existsSync(stateFile(output)) ? readFileSync(stateFile(output), "utf8") : undefined;

/**
 * Articles the saved state holds as parsed (with the etag they were parsed from), so not read again: the
 * state is a root naming content-addressed shards (`_state/shards/…`, kept beside the root).
 */
function parsedInState(state: string | undefined, output: string): number {
  if (state === undefined) return 0;
  const root = decodeRoot(new TextEncoder().encode(state));
  if (!root) throw new Error("the saved state is not a state root");
  const folder = path.dirname(stateFile(output));
  let parsed = 0;
  for (const key of Object.values(root.shards)) {
    const shard = decodeShard(readFileSync(path.join(folder, key.slice("_state/".length))));
    if (!shard) throw new Error(`unreadable shard ${key}`);
    parsed += Object.values(shard.articles).filter((cached) => cached.etag !== null).length;
  }
  return parsed;
}

describe("two runs killed after their first checkpoint, then a normal run", () => {
  it("each killed run keeps progress, and the last run completes the site byte for byte", async () => {
    const articles = path.join(work, "articles");
    const reference = path.join(work, "reference");
    const output = path.join(work, "public");
    await writeTree(articles, source);
    const uninterrupted = await runCli(articles, reference);
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);

    const env = { FEED_CHECKPOINT_SECONDS: "0" };
    const progress: number[] = [];
    for (let kill = 0; kill < 2; kill++) {
      const before = readState(output);
      // SIGKILL as soon as this run has saved a state of its own: its first checkpoint.
      const killed = await runCli(articles, output, {
        env,
        killWhen: () => {
          const now = readState(output);
          return now !== undefined && now !== before;
        },
      });
      expect(killed.signal, `run ${kill + 1} was not killed: ${killed.stderr}`).toBe("SIGKILL");
      expect(killed.orphans).toBe(false);
      progress.push(parsedInState(readState(output), output));
    }
    // The first kill left parsed articles behind; the second run continued from them and added more.
    expect(progress[0]).toBeGreaterThan(0);
    expect(progress[1]).toBeGreaterThan(progress[0] as number);

    const last = await runCli(articles, output, { env });
    expect(last.code, last.stderr).toBe(0);
    const report = reportOf(last) as { articles: { seen: number; parsed: number; reused: number } };
    expect(report.articles.parsed).toBeLessThan(report.articles.seen);
    expect(report.articles.reused).toBeGreaterThanOrEqual(progress[1] as number);

    const site = await readTree(output);
    expect(differences(site, await readTree(reference))).toEqual([]);
    if (await xmllintAvailable()) expect(await unparsable(site, path.join(work, "parse"))).toEqual([]);
  }, 240_000);
});
