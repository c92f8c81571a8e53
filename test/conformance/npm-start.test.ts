import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { checkSite } from "../../src/check/check-site.js";
import { openPublishedSite } from "../../src/check/site-location.js";
import { checkFeedFile, conformanceToolsAvailable, isCi, listFeedFiles, repoRoot } from "./validators.js";

const run = promisify(execFile);
const PUBLIC = path.join(repoRoot, "public");
const tools = await conformanceToolsAvailable();
const needTools = tools.ok || isCi() ? it : it.skip;

/** The README's first command, for real: `npm start` publishes seeds/ into public/. */
describe("the output of npm start", () => {
  let stdout = "";
  beforeAll(async () => {
    await rm(PUBLIC, { recursive: true, force: true });
    ({ stdout } = await run("npm", ["start", "--silent"], { cwd: repoRoot, timeout: 120_000 }));
  }, 180_000);

  it("reports every seed published and nothing rejected or failed", () => {
    expect(stdout).toMatch(/articles seen\s+5\n/);
    expect(stdout).toMatch(/published\s+5\n/);
    expect(stdout).toMatch(/rejected\s+0\n/);
    expect(stdout).toMatch(/failed\s+0\n/);
  });

  it("carries the real seed with its exact title, date, four paragraphs and no cruft", async () => {
    const feed = JSON.parse(await readFile(path.join(PUBLIC, "feed.json"), "utf8"));
    const seed = feed.items.find((item: { title: string }) => item.title.startsWith("Blinken"));
    expect(seed.title).toBe("Blinken urged Azerbaijan’s Aliyev to cease hostilities immediately");
    expect(seed.date_published).toBe("2022-09-15T07:26:00Z");
    expect(seed.content_html.match(/<p>/g)).toHaveLength(4);
    expect(seed.content_html).not.toMatch(/Viewed|Latest news/);
  });

  it("passes `feed-publisher check` (structure, self links, every internal link)", async () => {
    const report = await checkSite(
      openPublishedSite({ kind: "fs", path: PUBLIC }, () => {
        throw new Error("no S3 here");
      }),
    );
    expect(report.problems).toEqual([]);
    expect(report.baseUrl).toBe("http://localhost:8080/");
  });

  needTools(
    "every feed document passes jing, feedparser, xmllint and the npm parsers",
    async () => {
      const files = await listFeedFiles(PUBLIC);
      expect(files.length).toBeGreaterThanOrEqual(3 * 6 + 1);
      for (const file of files) {
        const result = await checkFeedFile(file);
        expect(result.ok, `${path.relative(PUBLIC, file)}: ${result.details}`).toBe(true);
      }
    },
    120_000,
  );
});
