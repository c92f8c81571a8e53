import { execFile, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, SEEDS } from "../site/seed-site.js";

const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const CLI = path.join(REPO_ROOT, "src/cli.ts");

let dir: string;
let input: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "killed-"));
  input = path.join(dir, "articles");
  cpSync(SEEDS, input, { recursive: true });
  for (let i = 0; i < 200; i++)
    writeFileSync(
      path.join(input, `sample-${String(i).padStart(3, "0")}.txt`),
      `${1 + (i % 28)} October 2026, 10:00\n\nSAMPLE article ${i}\n\n${"Body text. ".repeat(300)}\n`,
    );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = (output: string) => [
  TSX,
  CLI,
  "publish",
  "--from",
  input,
  "--to",
  output,
  "--time-zone",
  "Asia/Yerevan",
];

function run(output: string): Promise<number> {
  return new Promise((resolve) =>
    execFile(process.execPath, args(output), { cwd: REPO_ROOT }, (error) =>
      resolve(error ? Number((error as { code?: number }).code ?? 1) : 0),
    ),
  );
}

/** Files under `root` written since `since` (ms). */
function writtenSince(root: string, since: number): number {
  let count = 0;
  const walk = (folder: string) => {
    for (const name of existsSync(folder) ? readdirSync(folder) : []) {
      const full = path.join(folder, name);
      const info = statSync(full, { throwIfNoEntry: false });
      if (info?.isDirectory()) walk(full);
      else if (info && info.mtimeMs >= since) count++;
    }
  };
  walk(root);
  return count;
}

/** Starts a run and SIGKILLs its process group once it has written `documents` documents; true if it was killed, false if it finished first. */
async function killedRun(output: string, documents: number): Promise<boolean> {
  const started = Date.now() - 1;
  const child = spawn(process.execPath, args(output), { cwd: REPO_ROOT, detached: true, stdio: "ignore" });
  let finished = false;
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on("exit", (_code, signal) => {
      finished = true;
      resolve(signal);
    }),
  );
  while (!finished && writtenSince(output, started) < documents) await sleep(15);
  try {
    process.kill(-(child.pid ?? 0), "SIGKILL");
  } catch {
    // already finished
  }
  return (await exited) === "SIGKILL";
}

function files(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(path.relative(root, full), readFileSync(full));
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

describe("folder runs killed at arbitrary points (SIGKILL)", () => {
  it("never leave a temp file or the state in the output, and a clean rerun converges byte for byte", async () => {
    const reference = path.join(dir, "reference");
    expect(await run(reference)).toBe(0);
    const output = path.join(dir, "public");
    // Kill points counted in documents written (never in milliseconds, which a slow machine stretches):
    // during start-up, then early, midway and late in a run's writes; each run continues what the last left.
    let killed = 0;
    for (const documents of [0, 10, 40, 80, 150]) {
      if (await killedRun(output, documents)) killed++;
      const names = [...files(output).keys()];
      expect(
        names.filter((name) => name.endsWith(".tmp") || name.startsWith("_state")),
        `after ${documents} documents`,
      ).toEqual([]);
    }
    expect(killed, "runs actually killed").toBeGreaterThanOrEqual(3);
    expect(await run(output)).toBe(0);
    const got = files(output);
    const want = files(reference);
    // The run state is kept beside the output, never in it (issue 9 item 19).
    expect([...want.keys()].filter((name) => name.startsWith("_state") || name.endsWith(".tmp"))).toEqual([]);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [name, body] of want) expect(got.get(name)?.equals(body), name).toBe(true);
  }, 180_000);
});
