import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/articles/article.js";
import { arrivalOrder, pageArticles } from "../../src/site/archive.js";
import { type PlannedDocument, planSite } from "../../src/site/plan.js";
import { article } from "./factories.js";
import { sampleConfig } from "./seed-site.js";

const BASE = "https://news.example/";

/** A site: articles with dates in 2024 (in any order), some first seen at a time of their own. */
const site = fc
  .record({
    days: fc.array(fc.integer({ min: 1, max: 28 }), { maxLength: 24 }),
    seenDays: fc.array(fc.option(fc.integer({ min: 1, max: 28 }), { nil: undefined }), { maxLength: 24 }),
    itemLimit: fc.integer({ min: 1, max: 5 }),
    pageSize: fc.integer({ min: 1, max: 6 }),
  })
  .map(({ days, seenDays, itemLimit, pageSize }) => {
    const articles = days.map((d, i) => article(i + 1, `2024-02-${String(d).padStart(2, "0")}T10:00:00Z`));
    const firstSeen: Record<string, string> = {};
    articles.forEach((a, i) => {
      const seen = seenDays[i];
      if (seen !== undefined) firstSeen[a.key] = `2024-03-${String(seen).padStart(2, "0")}T00:00:00Z`;
    });
    const settings = sampleConfig({ baseUrl: BASE, itemLimit, archivePageSize: pageSize });
    return { articles, firstSeen, settings };
  });

const idsOf = (doc: PlannedDocument | undefined) =>
  [...(doc?.body ?? "").matchAll(/<entry>\s*<title[^>]*>[\s\S]*?<id>([^<]+)<\/id>/g)].map((m) => m[1]);
const archivePages = (docs: readonly PlannedDocument[]) =>
  docs.filter((d) => /^archive\/\d+\/atom\.xml$/.test(d.key));

describe("archive pages (issue 8)", () => {
  it("puts every article in exactly one full page or in the subscription feed, pages of exactly P", () => {
    fc.assert(
      fc.property(site, ({ articles, firstSeen, settings }) => {
        const docs = planSite(articles, settings, firstSeen);
        const pages = archivePages(docs);
        const archived = pages.flatMap(idsOf);
        for (const page of pages) expect(idsOf(page), page.key).toHaveLength(settings.archivePageSize);
        expect(new Set(archived).size).toBe(archived.length);
        const feed = new Set(idsOf(docs.find((d) => d.key === "atom.xml")));
        for (const a of articles) expect(archived.includes(a.id) || feed.has(a.id), a.key).toBe(true);
        // Archived or not, the subscription feed always holds the newest itemLimit.
        expect(feed.size).toBeGreaterThanOrEqual(Math.min(articles.length, settings.itemLimit));
      }),
      { numRuns: 150 },
    );
  });

  it("changes no full page's entries when one article arrives, whatever its date; it joins the open page", () => {
    fc.assert(
      fc.property(site, fc.integer({ min: 1, max: 28 }), ({ articles, firstSeen, settings }, day) => {
        const late = article(99, `2024-01-${String(day).padStart(2, "0")}T10:00:00Z`); // back-dated
        const before = archivePages(planSite(articles, settings, firstSeen));
        const after = archivePages(
          planSite([...articles, late], settings, { ...firstSeen, [late.key]: "2024-04-01T00:00:00Z" }),
        );
        const afterByKey = new Map(after.map((d) => [d.key, d]));
        for (const [i, page] of before.entries()) {
          const next = afterByKey.get(page.key);
          expect(idsOf(next), page.key).toEqual(idsOf(page));
          // Only the newest page may change at all, and only when a new page after it fills (next-archive).
          const newest = i === before.length - 1;
          if (!newest || after.length === before.length) expect(next?.inputDigest).toBe(page.inputDigest);
        }
        // The run that first takes the site past itemLimit writes every full page at once; after that, one.
        if (articles.length > settings.itemLimit) expect(after.length - before.length).toBeLessThanOrEqual(1);
        else return;
        // The late article is never archived into an old page: it is in the subscription feed or the new page.
        const holders = after.filter((d) => idsOf(d).includes(late.id)).map((d) => d.key);
        if (holders.length) expect(holders).toEqual([`archive/${after.length}/atom.xml`]);
      }),
      { numRuns: 150 },
    );
  });
});

describe("arrival order and paging", () => {
  const a = (n: number, published: string) => article(n, published);

  it("orders by first-seen time, then publication date, then id; absent first-seen falls back to the date", () => {
    const one = a(1, "2024-01-03T00:00:00Z");
    const two = a(2, "2024-01-01T00:00:00Z");
    const three = a(3, "2024-01-02T00:00:00Z");
    const four = a(4, "2024-01-02T00:00:00Z");
    const seen = {
      "a1.txt": "2024-01-01T12:00:00Z",
      "a3.txt": "2024-02-01T00:00:00Z",
      "a4.txt": "2024-02-01T00:00:00Z",
    };
    const order = arrivalOrder([four, three, two, one], seen).map((x: Article) => x.key);
    expect(order).toEqual(["a2.txt", "a1.txt", "a3.txt", "a4.txt"]);
  });

  it("pages a first run over an old archive by date (every key first seen at once)", () => {
    const old = [a(1, "2020-05-01T00:00:00Z"), a(2, "2019-01-01T00:00:00Z"), a(3, "2021-01-01T00:00:00Z")];
    const seen = Object.fromEntries(old.map((x) => [x.key, "2026-12-01T00:00:00Z"]));
    const { pages, open } = pageArticles(arrivalOrder(old, seen), 2);
    expect(pages.map((p) => p.map((x) => x.key))).toEqual([["a2.txt", "a1.txt"]]);
    expect(open.map((x) => x.key)).toEqual(["a3.txt"]);
  });
});
