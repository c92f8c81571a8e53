import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../site/seed-site.js";

// What `npm pack` (and so `npm publish`, `npm install -g github:…`) ships must run on its own: dist/ built by
// prepack, listed in `files`, bin pointing into it. The tarball is installed the way npm lays a package
// out (node_modules/feed-publisher) in a temp folder; its declared dependencies are linked from this
// repository's node_modules, because a real `npm install` would fetch them from the registry and tests
// use no network. Only the declared dependencies are linked, so an import of an undeclared one fails here.

const run = promisify(execFile);
let work: string;
let installed: string;
let manifest: { bin: Record<string, string>; dependencies: Record<string, string>; version: string };

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "feed-publisher-pack-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], {
    cwd: REPO_ROOT,
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no file: ${stdout}`);
  installed = path.join(work, "app/node_modules/feed-publisher");
  await mkdir(installed, { recursive: true });
  await run("tar", ["-xzf", path.join(work, packed.filename), "-C", installed, "--strip-components=1"]);
  manifest = JSON.parse(await readFile(path.join(installed, "package.json"), "utf8"));
  for (const dependency of Object.keys(manifest.dependencies)) {
    const link = path.join(work, "app/node_modules", dependency);
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(path.join(REPO_ROOT, "node_modules", dependency), link, "dir");
  }
}, 240_000);
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const bin = () => path.join(installed, manifest.bin["feed-publisher"] as string);

describe("the packed package", () => {
  it("runs `feed-publisher --help` and `--version` from the tarball alone", async () => {
    const help = await run(process.execPath, [bin(), "--help"], { cwd: path.join(work, "app") });
    expect(help.stdout).toMatch(/^Usage: feed-publisher <command>/);
    const version = await run(process.execPath, [bin(), "--version"], { cwd: path.join(work, "app") });
    expect(version.stdout.trim()).toBe(manifest.version);
  });

  it("publishes with the packed CLI (every runtime module is in the tarball)", async () => {
    const out = path.join(work, "site");
    const { stdout } = await run(
      process.execPath,
      [bin(), "publish", "--from", path.join(REPO_ROOT, "seeds"), "--to", out, "--json"],
      { cwd: path.join(work, "app") },
    );
    expect(JSON.parse(stdout).documents.failed).toEqual([]);
  });

  it("ships no tests, sources or build caches", async () => {
    const { stdout } = await run("tar", ["-tzf", (await findTarball()) as string]);
    const files = stdout.split("\n").filter(Boolean);
    expect(files.some((file) => /^package\/(test|src|infra|bench)\//.test(file))).toBe(false);
    expect(files).toContain("package/dist/cli.js");
  });
});

async function findTarball(): Promise<string | undefined> {
  const { stdout } = await run("ls", [work]);
  const name = stdout.split("\n").find((file) => file.endsWith(".tgz"));
  return name && path.join(work, name);
}
