import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planSite } from "../../src/site/plan.js";
import { threeMonths } from "./factories.js";
import { REPO_ROOT, sampleConfig, seedArticles } from "./seed-site.js";

const GOLDEN = path.join(REPO_ROOT, "test/golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Planned key → golden file name (flat, so validators can walk one folder). */
const GOLDEN_FILES: Record<string, string> = {
  "rss.xml": "seeds.rss.xml",
  "atom.xml": "seeds.atom.xml",
  "feed.json": "seeds.feed.json",
  "categories/economy/rss.xml": "seeds-economy.rss.xml",
  "categories/economy/atom.xml": "seeds-economy.atom.xml",
  "categories/economy/feed.json": "seeds-economy.feed.json",
  "feeds.opml": "seeds.opml",
  "index.html": "seeds.index.html",
  "articles/000_835090aee9fb4387.html": "seed-article.html",
};

describe("golden files (run with UPDATE_GOLDEN=1 to accept a deliberate change)", () => {
  const docs = planSite(seedArticles(), sampleConfig());

  for (const [key, file] of Object.entries(GOLDEN_FILES)) {
    it(`${key} matches test/golden/${file}`, () => {
      const doc = docs.find((d) => d.key === key);
      expect(doc, `planned ${key}`).toBeDefined();
      const target = path.join(GOLDEN, file);
      if (UPDATE || !existsSync(target)) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(target, doc?.body ?? "");
        if (!UPDATE) throw new Error(`golden file ${file} was missing; written now, review and commit it`);
      }
      expect(doc?.body).toBe(readFileSync(target, "utf8"));
    });
  }

  it("RFC 5005 archives match test/golden/archive-2024-0{1,2}.{rss,atom}.xml", () => {
    const archive = planSite(threeMonths(), sampleConfig({ baseUrl: "https://news.example/" }));
    for (const month of ["2024-01", "2024-02"])
      for (const format of ["rss", "atom"]) {
        const key = `archive/${month}/${format}.xml`;
        const target = path.join(GOLDEN, `archive-${month}.${format}.xml`);
        const body = archive.find((d) => d.key === key)?.body ?? "";
        if (UPDATE || !existsSync(target)) writeFileSync(target, body);
        expect(body, key).toBe(readFileSync(target, "utf8"));
      }
  });

  it("is byte-identical when planned twice, and independent of input order", () => {
    const again = planSite(seedArticles().reverse(), sampleConfig());
    expect(again.map((d) => [d.key, d.body])).toEqual(docs.map((d) => [d.key, d.body]));
  });
});
