import { cpSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { checkSite } from "../../src/check/check-site.js";
import { openPublishedSite } from "../../src/check/site-location.js";
import { publish } from "../../src/publish/publish.js";
import { FsArticleSource, FsFeedStore } from "../../src/store/fs.js";
import { SEEDS, sampleConfig } from "../site/seed-site.js";

// `feed-publisher check` over a site with archive pages (the four seeds that are not Markdown, in pages of
// two): it follows every prev-archive / next-archive / current link, and notices when one goes nowhere.
// (The Markdown seed's sandboxed parse has a time budget that a loaded machine running test files side by
// side can exceed; check-site.test.ts covers it.)

let root: string;
let site: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "check-archive-"));
  const articles = path.join(root, "articles");
  site = path.join(root, "site");
  cpSync(SEEDS, articles, { recursive: true, filter: (src) => !src.endsWith(".md") });
  const report = await publish({
    config: sampleConfig({ itemLimit: 1, archivePageSize: 2 }),
    source: new FsArticleSource(articles),
    store: new FsFeedStore(site),
    now: new Date("2026-11-29T00:00:00Z"),
  });
  expect(report.documents.failed).toEqual([]);
  expect(report.articles.published).toBe(4);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const check = () =>
  checkSite(
    openPublishedSite({ kind: "fs", path: site }, () => {
      throw new Error("no S3 in this test");
    }),
    {},
  );

it("passes a site with archive pages, and reports each archive link that goes nowhere", async () => {
  expect(readdirSync(path.join(site, "archive")).sort()).toEqual(["1", "2"]);
  expect((await check()).problems).toEqual([]);

  unlinkSync(path.join(site, "archive/1/atom.xml"));
  const linking = (await check()).problems.filter((p) => p.problem.includes("archive/1/atom.xml"));
  // Page 2 links it as prev-archive, the index lists it.
  expect(linking.map((p) => p.key).sort()).toEqual(["archive/2/atom.xml", "index.html"]);
});
