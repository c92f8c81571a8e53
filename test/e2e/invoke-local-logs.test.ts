import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../site/seed-site.js";

// `npm run invoke` as a developer runs it, in a child process: its console is the thing under test.
const run = promisify(execFile);
const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");
const INVOKE = path.join(REPO_ROOT, "infra/invoke-local.ts");
// util-linux `script` gives the child a pseudo-terminal, the only honest way to see the TTY console.
const hasScript = await run("script", ["--version"]).then(
  () => true,
  () => false,
);
if (!hasScript) console.warn("[invoke-local] util-linux `script` not found: the terminal case is SKIPPED");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "invoke-logs-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cleanEnv = (output: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, FEED_OUTPUT: output };
  for (const name of Object.keys(env)) if (/^(POWERTOOLS_|AWS_LAMBDA_)/.test(name)) delete env[name];
  return env;
};

describe("npm run invoke's console", () => {
  it("piped: one JSON record per line, and a one-shot run is a cold start", async () => {
    const { stdout } = await run(TSX, [INVOKE], { cwd: REPO_ROOT, env: cleanEnv(path.join(dir, "piped")) });
    const records = stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line));
    const report = records.find((record) => record.message === "publish report");
    expect(report).toMatchObject({ level: "INFO", cold_start: true });
    expect(records.some((record) => record._aws !== undefined)).toBe(true); // EMF metrics, as on Lambda
    expect(stdout).toMatch(/^documents written\s+25$/m);
  });

  it.skipIf(!hasScript)("on a terminal: no INFO JSON and no EMF, only the human report", async () => {
    const command = [TSX, INVOKE].map((part) => `'${part}'`).join(" ");
    const { stdout } = await run("script", ["-qec", command, "/dev/null"], {
      cwd: REPO_ROOT,
      env: cleanEnv(path.join(dir, "tty")),
    });
    expect(stdout).not.toContain('"publish report"');
    expect(stdout).not.toContain('"_aws"');
    expect(stdout).toMatch(/documents written\s+25/);
  });
});
