import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeOrder } from "../../src/publish/write-order.js";
import { planSite } from "../../src/site/plan.js";
import { article } from "./factories.js";
import { sampleConfig } from "./seed-site.js";

const BASE = "https://news.example/";

const site = fc.record({
  articles: fc.array(
    fc.record({
      month: fc.constantFrom("01", "02", "03", "05"),
      day: fc.constantFrom("03", "17", "28"),
      categories: fc.subarray(["Politics", "Economy", "Культура"]),
      url: fc.option(fc.constantFrom("https://source.example/a", "https://source.example/b"), {
        nil: undefined,
      }),
    }),
    { maxLength: 10 },
  ),
  itemLimit: fc.integer({ min: 1, max: 4 }),
});

type Site = typeof site extends fc.Arbitrary<infer T> ? T : never;

const planOf = ({ articles, itemLimit }: Site) =>
  planSite(
    articles.map((a, i) =>
      article(i + 1, `2024-${a.month}-${a.day}T10:00:00Z`, {
        categories: a.categories,
        ...(a.url ? { url: a.url } : {}),
      }),
    ),
    sampleConfig({ baseUrl: BASE, timeZone: "UTC", itemLimit }),
  );

/** Every key under the site's base that a body mentions, except the document itself. */
function linkedKeys(key: string, body: string): string[] {
  const keys = new Set(
    [...body.matchAll(/https:\/\/news\.example\/([^"<\s]*)/g)].map(([, p]) => p || "index.html"),
  );
  keys.delete(key);
  return [...keys].sort();
}

describe("declared links (what write ordering and hold-backs rely on)", () => {
  it("are exactly the site documents each body links to, for any site", () => {
    fc.assert(
      fc.property(site, (s) => {
        const docs = planOf(s);
        const keys = new Set(docs.map((d) => d.key));
        for (const doc of docs) {
          expect([...doc.links].sort(), doc.key).toEqual(linkedKeys(doc.key, doc.body));
          for (const link of doc.links) expect(keys.has(link), `${doc.key} → ${link}`).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("put every document after the new documents it links to, except inside a cycle of new ones", () => {
    fc.assert(
      fc.property(site, fc.array(fc.boolean(), { maxLength: 80 }), (s, storedFlags) => {
        const docs = planOf(s);
        const stored = new Set(docs.filter((_, i) => storedFlags[i] ?? false).map((d) => d.key));
        const waves = writeOrder(docs, (key) => stored.has(key));
        expect(
          waves
            .flat()
            .map((d) => d.key)
            .sort(),
        ).toEqual(docs.map((d) => d.key).sort());
        const waveOf = new Map(waves.flatMap((wave, i) => wave.map((d) => [d.key, i] as const)));
        const linksOf = new Map(docs.map((d) => [d.key, d.links]));
        /** Whether `from` reaches `to` through links between documents not stored yet. */
        const reaches = (from: string, to: string) => {
          const seen = new Set<string>();
          const queue = [from];
          while (queue.length > 0) {
            const key = queue.shift() as string;
            if (key === to) return true;
            if (seen.has(key) || stored.has(key)) continue;
            seen.add(key);
            queue.push(...(linksOf.get(key) ?? []));
          }
          return false;
        };
        for (const doc of docs)
          for (const link of doc.links) {
            if (stored.has(link)) continue;
            // Written no later than the new document it links to only when that one links back: a cycle.
            if ((waveOf.get(link) ?? -1) >= (waveOf.get(doc.key) ?? -1))
              expect(reaches(link, doc.key), `${doc.key} → ${link}`).toBe(true);
          }
      }),
      { numRuns: 60 },
    );
  });
});
