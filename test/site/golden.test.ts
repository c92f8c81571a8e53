import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type PlannedDocument, planSite } from "../../src/site/plan.js";
import { threeMonths } from "./factories.js";
import { REPO_ROOT, sampleConfig, seedArticles } from "./seed-site.js";

const GOLDEN = path.join(REPO_ROOT, "test/golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Each site under golden test: its planned documents and planned key → golden file (one flat folder). */
const SITES: { name: string; plan: () => PlannedDocument[]; files: Record<string, string> }[] = [
  {
    name: "seeds/ with the sample config",
    plan: () => planSite(seedArticles(), sampleConfig()),
    files: {
      "rss.xml": "seeds.rss.xml",
      "atom.xml": "seeds.atom.xml",
      "feed.json": "seeds.feed.json",
      "categories/economy/rss.xml": "seeds-economy.rss.xml",
      "categories/economy/atom.xml": "seeds-economy.atom.xml",
      "categories/economy/feed.json": "seeds-economy.feed.json",
      "feeds.opml": "seeds.opml",
      "index.html": "seeds.index.html",
      "articles/000_835090aee9fb4387.html": "seed-article.html",
    },
  },
  {
    name: "three months in pages of two (RFC 5005 archives)",
    plan: () =>
      planSite(
        threeMonths(),
        sampleConfig({ baseUrl: "https://news.example/", itemLimit: 2, archivePageSize: 2 }),
      ),
    files: {
      "archive/1/rss.xml": "archive-1.rss.xml",
      "archive/1/atom.xml": "archive-1.atom.xml",
      "archive/2/rss.xml": "archive-2.rss.xml",
      "archive/3/atom.xml": "archive-3.atom.xml",
    },
  },
];

describe.each(SITES)(
  "golden files of $name (a deliberate change: bump RENDER_VERSION, then UPDATE_GOLDEN=1)",
  ({ plan, files }) => {
    const docs = plan();
    for (const [key, file] of Object.entries(files)) {
      it(`${key} matches test/golden/${file}`, () => {
        const doc = docs.find((d) => d.key === key);
        if (!doc) throw new Error(`${key} was not planned`);
        const target = path.join(GOLDEN, file);
        if (UPDATE || !existsSync(target)) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(target, doc.body);
          if (!UPDATE) throw new Error(`golden file ${file} was missing; written now, review and commit it`);
        }
        expect(doc.body).toBe(readFileSync(target, "utf8"));
      });
    }

    it("is byte-identical when planned twice", () => {
      expect(plan().map((d) => [d.key, d.body])).toEqual(docs.map((d) => [d.key, d.body]));
    });
  },
);

it("does not depend on the order articles arrive in", () => {
  const forward = planSite(seedArticles(), sampleConfig());
  const backward = planSite(seedArticles().reverse(), sampleConfig());
  expect(backward.map((d) => [d.key, d.body])).toEqual(forward.map((d) => [d.key, d.body]));
});
