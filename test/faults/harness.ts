// The fault suite's shared parts (issue 9, "Tests that keep it so"): a seeded random source, the
// sample corpora, the CLI as a child process that can be SIGKILLed, and the checks every trial ends
// with. Nothing here imports the publisher's own code: the run under test is a separate process, and
// the verdicts come from byte comparison with fault-free runs and from xmllint.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI_ENTRY = fileURLToPath(new URL("./cli-entry.ts", import.meta.url));
const TSX = createRequire(import.meta.url).resolve("tsx");

/**
 * Trials per scenario: FAULT_TRIALS, small by default so CI stays within a few minutes; raise it
 * locally to hunt (FAULT_TRIALS=50). FAULT_SEED replays a run; every failure message names its seed.
 */
export const TRIALS = positiveInteger(process.env.FAULT_TRIALS, 3);
export const SEED = positiveInteger(process.env.FAULT_SEED, 20261201);
/** Generated articles on top of seeds/: enough documents that a kill or a fault lands mid-write. */
export const ARTICLES = positiveInteger(process.env.FAULT_ARTICLES, 60);

function positiveInteger(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** mulberry32: a tiny seeded PRNG, so a trial's kill time and faults replay from FAULT_SEED. */
export function random(seed: number): () => number {
  // Neighbouring seeds (trial 0, 1, 2) would start mulberry32 on correlated values; scramble the seed
  // with murmur3's finaliser first.
  let state = seed >>> 0;
  state = Math.imul(state ^ (state >>> 16), 0x85ebca6b) >>> 0;
  state = Math.imul(state ^ (state >>> 13), 0xc2b2ae35) >>> 0;
  state = (state ^ (state >>> 16)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type Tree = Map<string, Buffer>;

/**
 * Version A of the source (seeds/ plus generated samples) and version B (some removed, some edited,
 * some added), so a faulted run moves a published site from one state to another. Every generated
 * article says it is a sample.
 */
export function corpora(count = ARTICLES): { a: Tree; b: Tree } {
  const sample = (i: number, edit = "") => {
    const month = String(1 + (i % 12)).padStart(2, "0");
    const day = String(1 + (i % 27)).padStart(2, "0");
    const category = ["Culture", "Economy", "Politics", "Science"][i % 4];
    return Buffer.from(
      [
        "---",
        `title: "SAMPLE ${i}${edit}: fault-suite article"`,
        `published: 2024-${month}-${day} ${String(8 + (i % 10)).padStart(2, "0")}:30`,
        "author: Sample Desk",
        `categories: [${category}]`,
        "summary: A generated sample article (not real news) for the fault suite.",
        "---",
        "",
        `Sample paragraph ${i}${edit} with **bold** text & an ampersand, <angle> brackets and "quotes".`,
        "",
        `- item ${i}`,
        "- another item",
        "",
      ].join("\n"),
    );
  };
  const a: Tree = new Map();
  const b: Tree = new Map();
  for (let i = 0; i < count; i++) {
    const key = `generated/sample-${String(i).padStart(3, "0")}.md`;
    a.set(key, sample(i));
    if (i % 10 === 3) continue; // removed in B
    b.set(key, i % 10 === 5 ? sample(i, " (edited)") : sample(i));
  }
  for (let i = count; i < count + Math.ceil(count / 10); i++) {
    b.set(`generated/sample-${String(i).padStart(3, "0")}.md`, sample(i));
  }
  return { a, b };
}

export async function seedsTree(): Promise<Tree> {
  return readTree(path.join(REPO_ROOT, "seeds"));
}

export async function readTree(root: string): Promise<Tree> {
  const tree: Tree = new Map();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile())
        tree.set(path.relative(root, full).split(path.sep).join("/"), await readFile(full));
    }
  };
  await walk(root);
  return tree;
}

/** Makes `root` hold exactly `tree` (removed keys deleted), as an uploader syncing a folder would. */
export async function writeTree(root: string, tree: Tree): Promise<void> {
  const current = await readTree(root);
  for (const key of current.keys()) if (!tree.has(key)) await rm(path.join(root, key));
  for (const [key, body] of tree) {
    const existing = current.get(key);
    if (existing?.equals(body)) continue;
    await mkdir(path.dirname(path.join(root, key)), { recursive: true });
    await writeFile(path.join(root, key), body);
  }
}

export const BASE_URL = "https://feeds.example.org/";
/** The sample config's zone and names; the base URL is fixed so every run's bytes compare. */
export const CONFIG_ARGS = [
  "--config",
  path.join(REPO_ROOT, "feed-publisher.config.json"),
  "--base-url",
  BASE_URL,
];

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Processes the run started (workers, sandboxes) still alive 2 s after it exited; they were then killed. */
  orphans: boolean;
}

/**
 * `feed-publisher publish --from <from> --to <to>` in a child process. With `killAfterMs`, SIGKILL
 * arrives then (no cleanup code of ours runs, as with an OOM kill or a Lambda timeout).
 */
export async function runCli(
  from: string,
  to: string,
  options: {
    killAfterMs?: number;
    /** Polled every 5 ms while the run lives: SIGKILL once it says so (e.g. once a checkpoint is saved). */
    killWhen?: () => boolean;
    env?: NodeJS.ProcessEnv;
    extraArgs?: string[];
    timeoutMs?: number;
  } = {},
): Promise<CliRun> {
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      TSX,
      CLI_ENTRY,
      "publish",
      "--from",
      from,
      "--to",
      to,
      "--json",
      ...CONFIG_ARGS,
      ...(options.extraArgs ?? []),
    ],
    // Its own process group (detached), so the processes it starts can be found after a SIGKILL.
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const killer =
    options.killAfterMs === undefined
      ? undefined
      : setTimeout(() => child.kill("SIGKILL"), options.killAfterMs);
  const watcher =
    options.killWhen === undefined
      ? undefined
      : setInterval(() => {
          if (options.killWhen?.()) child.kill("SIGKILL");
        }, 5);
  // A run that hangs is a finding too, but it must not hang the suite.
  const guard = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once("exit", (c, s) => resolve([c, s])),
  );
  // "close" waits for stdout and stderr too, which a leftover child process would hold open.
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const [code, signal] = await exited;
  clearTimeout(killer);
  clearInterval(watcher);
  clearTimeout(guard);
  // The run is the leader of its own process group: anything left in the group outlived it. The grace covers
  // a Markdown parser child still starting (loading under tsx takes seconds on a loaded 2-core machine).
  const orphans = child.pid === undefined ? false : await groupOutlives(child.pid, 10_000);
  if (orphans && child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  return { code, signal, stdout, stderr, ms: performance.now() - started, orphans };
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
}

/** Whether some process of the group is still alive after `graceMs` (time to notice its parent died). */
async function groupOutlives(pgid: number, graceMs: number): Promise<boolean> {
  const until = performance.now() + graceMs;
  while (performance.now() < until) {
    if (!signalGroup(pgid, 0)) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return signalGroup(pgid, 0);
}

/** The published documents of an output tree: everything except the run's private state. */
export function published(tree: Tree): Tree {
  return new Map([...tree].filter(([key]) => !key.startsWith("_state/")));
}

/** Keys that are neither a document of the reference site nor private state (e.g. `<doc>.<pid>.tmp`). */
export function strays(tree: Tree, reference: Tree): string[] {
  return [...published(tree).keys()].filter((key) => !reference.has(key)).sort();
}

const TEMP_FILE = /\.\d+\.tmp$/;
export const isTempFile = (key: string) => TEMP_FILE.test(key);

/**
 * What a reader could see at any moment: every published document is, byte for byte, one of the given
 * versions of the site (before the run, after it), never a mix within a file, never truncated. Returns the keys
 * that break this (temp files are reported by `strays`, not here).
 */
export function brokenDocuments(tree: Tree, ...versions: Tree[]): string[] {
  const broken: string[] = [];
  for (const [key, body] of published(tree)) {
    if (isTempFile(key)) continue;
    const known = versions.map((version) => version.get(key)).filter((v) => v !== undefined);
    if (known.length === 0) continue; // a stray, reported by strays()
    if (!known.some((version) => version.equals(body))) broken.push(key);
  }
  return broken.sort();
}

/** Differences between two published sites: missing, extra or different keys. */
export function differences(actual: Tree, expected: Tree): string[] {
  const out: string[] = [];
  const a = published(actual);
  const e = published(expected);
  for (const key of e.keys()) if (!a.has(key)) out.push(`missing ${key}`);
  for (const [key, body] of a) {
    const want = e.get(key);
    if (want === undefined) out.push(`extra ${key}`);
    else if (!want.equals(body)) out.push(`different ${key}`);
  }
  return out.sort();
}

const run = promisify(execFile);

/**
 * Strict parsing by parsers we did not write: xmllint for every XML document (feeds, OPML), JSON.parse
 * for JSON; HTML pages must be complete. Returns "key: reason" for each document that fails.
 */
export async function unparsable(tree: Tree, scratch: string): Promise<string[]> {
  const problems: string[] = [];
  const xml: string[] = [];
  await rm(scratch, { recursive: true, force: true });
  for (const [key, body] of published(tree)) {
    if (isTempFile(key)) continue;
    if (key.endsWith(".json")) {
      try {
        JSON.parse(body.toString("utf8"));
      } catch (error) {
        problems.push(`${key}: ${(error as Error).message}`);
      }
    } else if (key.endsWith(".html")) {
      // HTML parsers repair anything, so "parses" says nothing; a page cut short loses its end tag.
      if (!/<\/html>\s*$/i.test(body.toString("utf8"))) problems.push(`${key}: does not end with </html>`);
    } else if (key.endsWith(".xml") || key.endsWith(".opml")) {
      const file = path.join(scratch, key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, body);
      xml.push(file);
    }
  }
  // One xmllint per 200 files: each reports its own errors; exit status says whether any failed.
  for (let i = 0; i < xml.length; i += 200) {
    const batch = xml.slice(i, i + 200);
    await run("xmllint", ["--noout", "--nonet", ...batch], { maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: { stderr?: string }) => {
        problems.push(`xmllint: ${(error.stderr ?? String(error)).slice(0, 2000)}`);
      },
    );
  }
  await rm(scratch, { recursive: true, force: true });
  return problems;
}

export async function xmllintAvailable(): Promise<boolean> {
  return run("xmllint", ["--version"]).then(
    () => true,
    () => false,
  );
}

export async function copyDir(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await cp(from, to, { recursive: true });
}

export interface References {
  /** Source versions A and B (seeds/ plus generated samples). */
  sourceA: Tree;
  sourceB: Tree;
  /** The fault-free output after publishing A, then after publishing B on top of it. */
  siteA: Tree;
  siteB: Tree;
  /** How long the fault-free A → B run took, child process start included. */
  updateMs: number;
}

/** Publishes A, then B, into a folder with no fault at all: what every trial must converge to. */
export async function references(work: string): Promise<References> {
  const seeds = await seedsTree();
  const { a, b } = corpora();
  const sourceA: Tree = new Map([...seeds, ...a]);
  const sourceB: Tree = new Map([...seeds, ...b]);
  const source = path.join(work, "reference-source");
  const output = path.join(work, "reference-output");
  await writeTree(source, sourceA);
  const first = await runCli(source, output);
  if (first.code !== 0) throw new Error(`reference run A failed (${first.code})\n${first.stderr}`);
  const siteA = await readTree(output);
  await writeTree(source, sourceB);
  const second = await runCli(source, output);
  if (second.code !== 0) throw new Error(`reference run B failed (${second.code})\n${second.stderr}`);
  const siteB = await readTree(output);
  return { sourceA, sourceB, siteA, siteB, updateMs: second.ms };
}

/** The report a `--json` run printed, when it got that far. */
export function reportOf(
  run: CliRun,
): { articles?: { rejected?: unknown[] }; documents?: { failed?: unknown[] } } | undefined {
  try {
    // The JSON report, whatever else a future CLI prints around it.
    return JSON.parse(run.stdout.slice(run.stdout.indexOf("{"), run.stdout.lastIndexOf("}") + 1));
  } catch {
    return undefined;
  }
}
