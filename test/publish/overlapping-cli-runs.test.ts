import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
let output: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "overlap-"));
  input = path.join(dir, "articles");
  output = path.join(dir, "public");
  cpSync(SEEDS, input, { recursive: true });
  // Enough articles that the two runs overlap for a good while.
  for (let i = 0; i < 300; i++)
    writeFileSync(
      path.join(input, `sample-${String(i).padStart(3, "0")}.txt`),
      `1 November 2026, 10:00\n\nSAMPLE article ${i}\n\n${"Body text. ".repeat(200)}\n`,
    );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSX, CLI, "publish", "--from", input, "--to", output, "--time-zone", "Asia/Yerevan", "--json"],
      { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("two CLI runs on one output folder at the same time", () => {
  it("both succeed and the feeds end with both runs' articles", async () => {
    const first = cli();
    await sleep(400);
    writeFileSync(path.join(input, "late.txt"), "2 November 2026, 10:00\n\nSAMPLE late article\n\nBody.\n");
    const second = cli();
    const results = await Promise.all([first, second]);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const rss = readFileSync(path.join(output, "rss.xml"), "utf8");
    expect(rss).toContain("SAMPLE late article");
    // Every article is on an archive page or in the subscription feed (src/site/archive.ts).
    const archives = readdirSync(path.join(output, "archive"))
      .map((page) => readFileSync(path.join(output, "archive", page, "rss.xml"), "utf8"))
      .concat(rss)
      .join("\n");
    for (const title of ["SAMPLE late article", "SAMPLE article 0", "SAMPLE article 299"])
      expect(archives).toMatch(new RegExp(`${title}(?!\\d)`));
    const json = JSON.parse(readFileSync(path.join(output, "feed.json"), "utf8"));
    expect(json.items.map((item: { title: string }) => item.title)).toContain("SAMPLE late article");
    // Nothing private or temporary was published, and a third run finds nothing to repair.
    expect(readFileSync(path.join(output, "index.html"), "utf8")).toContain("SAMPLE late article");
    const third = await cli();
    expect(third.code).toBe(0);
    expect(JSON.parse(third.stdout).documents.written).toEqual([]);
  });
});
