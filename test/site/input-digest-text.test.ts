// Stored sites keep each document's input digest in their run state; a change in how the digest text is
// built (an optimisation of planDocument's serialisation, say) would make every document of every site
// render again once: test/publish/digest-upgrade.test.ts shows it writes nothing, but it costs a
// whole-site run. Regenerate with UPDATE_GOLDEN=1 only together with a RENDER_VERSION bump, which has
// the same cost.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planSite } from "../../src/site/plan.js";
import { article } from "./factories.js";
import { REPO_ROOT, sampleConfig, seedArticles } from "./seed-site.js";

const GOLDEN = path.join(REPO_ROOT, "test/site/input-digests.golden.json");

/** A site with every kind of document: archive pages, category feeds, authors, images, languages. */
function mixedSite() {
  const articles = Array.from({ length: 30 }, (_, i) =>
    article(i + 1, `2024-0${1 + (i % 3)}-${String(1 + (i % 27)).padStart(2, "0")}T10:00:00Z`, {
      categories: i % 2 ? ["Politics & Law"] : i % 3 ? ["Economy", "Culture"] : [],
      ...(i % 4 === 0 ? { author: "Desk" } : {}),
      ...(i % 5 === 0 ? { image: `https://cdn.example/${i}.jpg` } : {}),
      ...(i % 7 === 0 ? { language: "ru", summary: "Кратко" } : {}),
      ...(i % 6 === 0 ? { updated: "2024-04-01T00:00:00Z" } : {}),
    }),
  );
  return planSite(articles, sampleConfig({ itemLimit: 5, archivePageSize: 4 }));
}

function digests(): { seeds: Record<string, string>; mixed: Record<string, string> } {
  const of = (docs: ReturnType<typeof planSite>) =>
    Object.fromEntries(
      docs.map((d): [string, string] => [d.key, d.inputDigest]).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  return { seeds: of(planSite(seedArticles(), sampleConfig())), mixed: of(mixedSite()) };
}

describe("input digest text", () => {
  it("is the same as the stored sites' digests, for every kind of document", () => {
    const got = digests();
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, `${JSON.stringify(got, null, 2)}\n`);
    // A missing file fails: the guard must not pass by writing what it checks against.
    expect(existsSync(GOLDEN), `${GOLDEN} (UPDATE_GOLDEN=1 writes it)`).toBe(true);
    const want = JSON.parse(readFileSync(GOLDEN, "utf8")) as typeof got;
    expect(Object.keys(got.mixed).length).toBeGreaterThan(40);
    expect(got).toEqual(want);
  });
});
