/**
 * `npm run bench:profile`: where one scenario's CPU goes. Runs a first run to get the state, then the
 * chosen scenario under `node --cpu-prof` (the same bundled child the benchmark measures) and summarises
 * the profile: self time by module (our source files and packages, read from esbuild's `// path`
 * markers in the bundle) and the functions with the most self and inclusive time.
 *
 *   npm run bench:profile -- [--articles 2000] [--body 1700] [--scenario nothing] [--top 20]
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildBundles, REPO } from "./build.js";
import type { ScenarioName } from "./corpus.js";
import type { ScenarioJob } from "./scenario.js";

const { values: args } = parseArgs({
  options: {
    articles: { type: "string", default: "2000" },
    body: { type: "string", default: "1700" },
    scenario: { type: "string", default: "nothing" },
    top: { type: "string", default: "20" },
  },
});
const SHORT: Record<string, ScenarioName> = {
  first: "first run",
  nothing: "nothing new",
  new: "one new article",
  edited: "one edited article",
  deleted: "one deleted article",
  month: "new article, new month",
};
const scenario = SHORT[args.scenario];
if (!scenario) throw new Error(`unknown scenario ${args.scenario}; use ${Object.keys(SHORT).join(", ")}`);

function run(script: string, job: ScenarioJob, nodeArgs: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, JSON.stringify(job)], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("close", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}`))));
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const bundles = await buildBundles();
const work = await mkdtemp(path.join(tmpdir(), "feed-publisher-profile-"));
try {
  const base = { articles: Number(args.articles), bodyBytes: Number(args.body), store: "memory" as const };
  const state = path.join(work, "state");
  if (scenario !== "first run") {
    process.stderr.write(`first run over ${base.articles} articles (for the state)\n`);
    await run(bundles.scenario, { ...base, scenario: "first run", stateOut: state });
  }
  const profiles = path.join(work, "profiles");
  process.stderr.write(`${scenario} under --cpu-prof\n`);
  const job: ScenarioJob =
    scenario === "first run" ? { ...base, scenario } : { ...base, scenario, stateIn: state };
  const result = await run(bundles.scenario, job, [
    "--cpu-prof",
    `--cpu-prof-dir=${profiles}`,
    "--cpu-prof-interval=200",
  ]);
  const file = (await readdir(profiles)).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error("node wrote no profile");
  const profile = JSON.parse(await readFile(path.join(profiles, file), "utf8")) as Profile;
  const [from, to] = (JSON.parse(result) as { window_us: [number, number] }).window_us;

  // Line → module, from esbuild's `// src/x.ts` / `// node_modules/pkg/…` comments in the bundle.
  const bundleLines = (await readFile(bundles.scenario, "utf8")).split("\n");
  const markers: { line: number; module: string }[] = [];
  bundleLines.forEach((text, line) => {
    const match = /^\/\/ ((?:src|bench|node_modules)\/\S+)$/.exec(text);
    if (match) markers.push({ line, module: match[1] as string });
  });
  const moduleAt = (url: string, line: number): string => {
    if (!url.endsWith("scenario.mjs")) return url ? `node:${path.basename(url)}` : "(native/V8)";
    let found = "(bundle)";
    for (const marker of markers) {
      if (marker.line > line) break;
      found = marker.module;
    }
    const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(found);
    return pkg ? `pkg:${pkg[1]}` : found;
  };

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => {
    const f = n.callFrame;
    return `${f.functionName || "(anonymous)"} [${moduleAt(f.url, f.lineNumber)}]`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const moduleSelf = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    const node = byId.get(id);
    // Only what publish() did: module loading and the harness's set-up are not the run.
    if (!node || at < from || at > to) return;
    total += dt;
    const name = node.callFrame.functionName;
    if (name === "(idle)" || name === "(program)") return;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const module = moduleAt(node.callFrame.url, node.callFrame.lineNumber);
    const key = name === "(garbage collector)" ? "(garbage collector)" : module;
    moduleSelf.set(key, (moduleSelf.get(key) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parent.get(cursor)) {
      const n = byId.get(cursor) as ProfileNode;
      const l = label(n);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
    }
  });
  const top = Number(args.top);
  const show = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(
        `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
      );
  };
  console.log(`${scenario}, ${base.articles} articles of ~${base.bodyBytes} B, in memory: ${result}`);
  console.log(
    `profile: ${(total / 1000).toFixed(0)} ms sampled inside publish() (200 µs interval; idle included)`,
  );
  show("self time by module", moduleSelf);
  show("self time by function", self);
  show("inclusive time by function", inclusive);
} finally {
  await rm(work, { recursive: true, force: true });
}
