/**
 * What one new article re-renders (issue 8): plans a synthetic site of N articles (SYNTHETIC, not news;
 * first seen at once, as on a first run), then the same site plus one new article (first seen later,
 * back-dated or not), and lists the documents whose input digest changed, i.e. what an incremental run
 * renders and writes, with the items each holds and the time to render them.
 *
 *   node --import tsx bench/rerender.ts [--articles 10000] [--page-size 50]
 */
import { parseArgs } from "node:util";
import type { Article } from "../src/articles/article.js";
import { parseConfig } from "../src/config.js";
import { planSite } from "../src/site/plan.js";
import { BENCH_CONFIG } from "./corpus.js";

const { values } = parseArgs({
  options: { articles: { type: "string", default: "10000" }, "page-size": { type: "string", default: "50" } },
});
const n = Number(values.articles);
const config = { ...parseConfig(BENCH_CONFIG), archivePageSize: Number(values["page-size"]) };
const body = `<p>${"SYNTHETIC body text of a benchmark article. ".repeat(60)}</p>`;

const synthetic = (i: number, published: string): Article => ({
  key: `section-${i % 8}/a${i}.txt`,
  id: `urn:bench:${i}`,
  slug: `a${i}`,
  title: `SYNTHETIC article ${i}`,
  published,
  categories: [`section-${i % 8}`],
  contentHtml: body,
  meta: {},
});
// Ten articles an hour from 2020 on, all first seen by one run.
const dateOf = (i: number) =>
  new Date(Date.UTC(2020, 0, 1) + i * 360_000).toISOString().replace(".000Z", "Z");
const site = Array.from({ length: n }, (_, i) => synthetic(i, dateOf(i)));
const firstSeen = Object.fromEntries(site.map((a) => [a.key, "2026-12-01T00:00:00Z"]));
const before = new Map(planSite(site, config, firstSeen).map((d) => [d.key, d.inputDigest]));

for (const [label, published] of [
  ["new article", dateOf(n)],
  ["late, back-dated article", dateOf(Math.floor(n / 3))],
] as const) {
  const extra = synthetic(n, published);
  const after = planSite([...site, extra], config, { ...firstSeen, [extra.key]: "2026-12-02T00:00:00Z" });
  const changed = after.filter((d) => before.get(d.key) !== d.inputDigest);
  const started = performance.now();
  const rows = changed.map((d) => {
    const text = d.body;
    const items = (text.match(/<item>|<entry>/g) ?? []).length || (text.match(/"id":/g) ?? []).length;
    return `${d.key} (${items} items, ${text.length} B)`;
  });
  const ms = Math.round(performance.now() - started);
  const archives = changed.filter((d) => d.key.startsWith("archive/")).length;
  console.log(`${n} articles, pages of ${config.archivePageSize}, ${label}:`);
  console.log(`  ${changed.length} documents re-rendered (${archives} archive pages) in ${ms} ms`);
  for (const row of rows) console.log(`  ${row}`);
}
