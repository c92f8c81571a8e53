import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../site/seed-site.js";
import { emphasisBomb, goodMarkdown } from "./dos-inputs.js";

const dir = mkdtempSync(path.join(tmpdir(), "bundled-parser-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The Lambda ships one bundled file, and the parsing child process is that same file (parser-process.ts
 * forks its own module). This bundles the budgeted parser the way serverless.yml does (ESM, one file) and
 * runs it outside the test runner, as Lambda would.
 */
describe("the budgeted parser in a single-file bundle", () => {
  it("parses good Markdown and rejects the emphasis bomb on its budget", async () => {
    const entry = path.join(dir, "entry.ts");
    writeFileSync(
      entry,
      `import { BudgetedParser } from ${JSON.stringify(path.join(REPO_ROOT, "src/sandbox/budgeted-parser.ts"))};
const ctx = { timeZone: "UTC", cruftPatterns: [], baseUrl: "https://n.example/", now: "2026-11-29T00:00:00Z",
  futureToleranceHours: 48, minYear: 1990, fallbackToModifiedTime: false };
// Like the Lambda handler, the entry does no work at its top level in the child, which evaluates it too.
if (process.env.FEED_PUBLISHER_PARSER_PROCESS !== "1") {
const parser = new BudgetedParser({ timeoutMs: 3000, memoryMb: 128 });
const bytes = (text) => new TextEncoder().encode(text);
const results = [
  await parser.parse("good.md", bytes(${JSON.stringify(goodMarkdown())}), ctx),
  await parser.parse("bomb.md", bytes(${JSON.stringify(emphasisBomb())}), ctx),
];
parser.close();
process.stdout.write(JSON.stringify(results));
}
`,
    );
    const bundle = path.join(dir, "handler.mjs");
    await build({
      entryPoints: [entry],
      outfile: bundle,
      absWorkingDir: REPO_ROOT,
      bundle: true,
      platform: "node",
      format: "esm",
      logLevel: "silent",
      banner: {
        js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
      },
    });
    symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
    const { stdout } = await promisify(execFile)(process.execPath, [bundle], { cwd: dir, timeout: 60_000 });
    const [good, bomb] = JSON.parse(stdout);
    expect(good.ok && good.article.contentHtml).toBe("<p>A <em>short</em> paragraph.</p>");
    expect(bomb).toEqual({
      ok: false,
      error: {
        key: "bomb.md",
        reason: expect.stringMatching(/^not parsed: took longer than the parsing time budget/),
      },
    });
  });
});
