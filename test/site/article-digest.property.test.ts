import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/articles/article.js";
import { articleDigest } from "../../src/articles/article-digest.js";
import { planSite } from "../../src/site/plan.js";
import { article } from "./factories.js";
import { sampleConfig } from "./seed-site.js";

/** One change of each field of an Article (every one a renderer can read, and meta besides). */
const CHANGES: Record<keyof Article | "meta.views", (a: Article) => Article> = {
  key: (a) => ({ ...a, key: `moved/${a.key}` }),
  id: (a) => ({ ...a, id: `${a.id}0` }),
  slug: (a) => ({ ...a, slug: `${a.slug}-x` }),
  url: (a) => ({ ...a, url: a.url ? `${a.url}x` : "https://news.example/x" }),
  title: (a) => ({ ...a, title: `${a.title} & more` }),
  published: (a) => ({ ...a, published: a.published.replace(":00:00Z", ":30:00Z") }),
  updated: (a) => ({ ...a, updated: a.updated ? a.updated.replace(":00Z", ":01Z") : "2024-04-01T00:00:00Z" }),
  undated: ({ undated, ...a }) => (undated ? a : { ...a, undated: true }),
  language: (a) => ({ ...a, language: a.language === "fr" ? "de" : "fr" }),
  author: (a) => ({ ...a, author: `${a.author ?? ""}Desk` }),
  categories: (a) => ({ ...a, categories: [...a.categories, "Sport"] }),
  summary: (a) => ({ ...a, summary: `${a.summary ?? ""}Summary` }),
  contentHtml: (a) => ({ ...a, contentHtml: `${a.contentHtml}<p>more</p>` }),
  image: (a) => ({ ...a, image: `${a.image ?? "https://img.example/a"}.png` }),
  meta: (a) => ({ ...a, meta: { views: (a.meta.views ?? 0) + 1 } }),
  "meta.views": ({ meta, ...a }) => ({ ...a, meta: meta.views === undefined ? { views: 0 } : {} }),
};
const FIELDS = Object.keys(CHANGES) as (keyof typeof CHANGES)[];

const articleArb = fc.record({
  day: fc.constantFrom("05", "06", "07"),
  month: fc.constantFrom("01", "02", "03"),
  categories: fc.constantFrom([], ["Politics"], ["Economy", "Politics"]),
  url: fc.boolean(),
  extras: fc.boolean(),
});

type ArticleSpec = typeof articleArb extends fc.Arbitrary<infer T> ? T : never;

const siteArticles = (specs: readonly ArticleSpec[]) =>
  specs.map((s, i) =>
    article(i + 1, `2024-${s.month}-${s.day}T10:00:00Z`, {
      categories: [...s.categories],
      ...(s.url ? { url: `https://news.example/${i + 1}` } : {}),
      ...(s.extras
        ? {
            author: "Desk",
            summary: "Sum",
            image: "https://img.example/i",
            language: "en",
            meta: { views: 3 },
          }
        : {}),
    }),
  );

const digestsOf = (articles: readonly Article[]) =>
  new Map(planSite(articles, sampleConfig({ itemLimit: 2 })).map((d) => [d.key, d]));

describe("input digests from article digests (issue 8)", () => {
  it("every field of an article is in its digest", () => {
    const base = article(1, "2024-01-05T10:00:00Z");
    for (const field of FIELDS)
      expect(articleDigest(CHANGES[field](base)), field).not.toBe(articleDigest(base));
  });

  it("changing any field of an article changes the digest of every document that shows it", () => {
    fc.assert(
      fc.property(
        fc.array(articleArb, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.constantFrom(...FIELDS),
        (specs, pick, field) => {
          const before = siteArticles(specs);
          const target = pick % before.length;
          const after = before.map((a, i) => (i === target ? CHANGES[field](a) : a));
          const old = before[target] as Article;
          const changed = digestsOf(after);
          for (const doc of digestsOf(before).values()) {
            const again = changed.get(doc.key);
            // A document shows the article when it is its page or lists it (feeds carry its id).
            const shows = doc.key === `articles/${old.slug}.html` || doc.body.includes(old.id);
            if (again && shows) expect(again.inputDigest, `${field} in ${doc.key}`).not.toBe(doc.inputDigest);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("equal inputs give equal digests, whatever objects carry them", () => {
    fc.assert(
      fc.property(fc.array(articleArb, { minLength: 1, maxLength: 5 }), (specs) => {
        const once = digestsOf(siteArticles(specs));
        const copies = digestsOf(structuredClone(siteArticles(specs)));
        for (const [key, doc] of once) expect(copies.get(key)?.inputDigest, key).toBe(doc.inputDigest);
        expect([...copies.keys()]).toEqual([...once.keys()]);
      }),
      { numRuns: 100 },
    );
  });
});
