/**
 * Render-path ratios, all measured in this one process (started by bench/run.ts, bundled): the main feeds
 * as a run produces them (RSS + Atom + JSON Feed from the site plan, each put through its kind's check as
 * before a write: RSS and Atom re-parsed strictly, JSON Feed valid by construction) against `feed@6` alone on the same articles and against a minimal hand-written serializer that only
 * escapes; and our JSON Feed against `JSON.stringify` of the very object it encodes. Timings interleave the
 * contenders round by round and report the median of per-round ratios, which shrugs off a noisy neighbour.
 * Prints one JSON line.
 */
import { Feed } from "feed";
import type { Article } from "../src/articles/article.js";
import { parseArticle } from "../src/articles/parse.js";
import { parseConfig } from "../src/config.js";
import { planSite } from "../src/site/plan.js";
import { articleText, BENCH_CONFIG, BENCH_NOW, keyOf, specOf } from "./corpus.js";

const BODY_BYTES = 1700;

function articles(n: number): Article[] {
  const config = parseConfig(BENCH_CONFIG);
  const ctx = {
    timeZone: config.timeZone,
    cruftPatterns: config.cruftPatterns,
    baseUrl: config.baseUrl,
    fallbackToModifiedTime: config.fallbackToModifiedTime,
    now: BENCH_NOW.toISOString(),
    futureToleranceHours: config.futureToleranceHours,
    minYear: config.minYear,
  };
  const out: Article[] = [];
  for (let i = 0; i < n; i++) {
    const result = parseArticle(keyOf(i), new TextEncoder().encode(articleText(specOf(i), BODY_BYTES)), ctx);
    if (!result.ok) throw new Error(`synthetic article rejected: ${result.error.reason}`);
    out.push(result.article);
  }
  return out;
}

type Contender = () => number;

/** Median over rounds of (time of each contender / time of the last one), plus median times in ms. */
function compare(contenders: Record<string, Contender>, rounds: number, minMs: number) {
  const names = Object.keys(contenders);
  const reps: Record<string, number> = {};
  for (const name of names) {
    const fn = contenders[name] as Contender;
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < minMs) {
      fn();
      n++;
    }
    reps[name] = Math.max(1, n);
  }
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const fn = contenders[name] as Contender;
      const count = reps[name] as number;
      const start = performance.now();
      for (let i = 0; i < count; i++) sink += fn();
      (times[name] as number[]).push((performance.now() - start) / count);
    }
  }
  if (sink === 0) throw new Error("nothing was rendered");
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  return {
    ms: Object.fromEntries(names.map((n) => [n, median(times[n] as number[])])),
    ratio: (a: string, b: string) =>
      median((times[a] as number[]).map((t, i) => t / ((times[b] as number[])[i] as number))),
  };
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);

/** The floor: RSS and Atom by template, escaping only; JSON Feed by JSON.stringify. No checks. */
function handWritten(items: readonly Article[], base: string): number {
  const updated = items[0]?.published ?? "";
  const rss = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Bench</title><link>${base}</link><description>Bench</description><language>en</language>
<lastBuildDate>${new Date(updated).toUTCString()}</lastBuildDate><atom:link href="${base}rss.xml" rel="self" type="application/rss+xml"/>
${items
  .map(
    (a) =>
      `<item><title>${esc(a.title)}</title><link>${esc(base + a.slug)}</link><guid isPermaLink="false">${esc(a.id)}</guid><pubDate>${new Date(a.published).toUTCString()}</pubDate><description>${esc(a.summary ?? "")}</description><content:encoded>${esc(a.contentHtml)}</content:encoded>${a.categories.map((c) => `<category>${esc(c)}</category>`).join("")}</item>`,
  )
  .join("\n")}
</channel></rss>
`;
  const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><id>${base}atom.xml</id><title>Bench</title><updated>${updated}</updated>
<link rel="self" href="${base}atom.xml"/><link rel="alternate" href="${base}"/><author><name>Bench</name></author>
${items
  .map(
    (a) =>
      `<entry><title type="html">${esc(esc(a.title))}</title><id>${esc(a.id)}</id><link href="${esc(base + a.slug)}"/><updated>${a.updated ?? a.published}</updated><published>${a.published}</published><summary type="html">${esc(a.summary ?? "")}</summary><content type="html">${esc(a.contentHtml)}</content>${a.categories.map((c) => `<category term="${esc(c)}"/>`).join("")}</entry>`,
  )
  .join("\n")}
</feed>
`;
  const json = JSON.stringify(jsonFeedObject(items, base), null, 2);
  return rss.length + atom.length + json.length;
}

function jsonFeedObject(items: readonly Article[], base: string) {
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: "Bench",
    home_page_url: base,
    feed_url: `${base}feed.json`,
    items: items.map((a) => ({
      id: a.id,
      url: base + a.slug,
      title: a.title,
      content_html: a.contentHtml,
      summary: a.summary,
      date_published: a.published,
      tags: a.categories,
    })),
  };
}

/** `feed@6` on the same items, no wrapper and no checks: its three formats. */
function feedAlone(items: readonly Article[], base: string): number {
  const feed = new Feed({
    id: `${base}atom.xml`,
    title: "Bench",
    link: base,
    language: "en",
    updated: new Date(items[0]?.published ?? 0),
    copyright: "",
    feedLinks: { rss: `${base}rss.xml`, atom: `${base}atom.xml` },
    author: { name: "Bench" },
  });
  for (const a of items)
    feed.addItem({
      title: a.title,
      id: a.id,
      link: base + a.slug,
      date: new Date(a.updated ?? a.published),
      published: new Date(a.published),
      content: a.contentHtml,
      ...(a.summary ? { description: a.summary } : {}),
      category: a.categories.map((name) => ({ name, term: name })),
    });
  return feed.rss2().length + feed.atom1().length + feed.json1().length;
}

function measure(itemCount: number, rounds: number) {
  const config = parseConfig({ ...BENCH_CONFIG, itemLimit: itemCount });
  const items = articles(itemCount);
  const planned = planSite(items, config);
  const doc = (key: string) => {
    const found = planned.find((d) => d.key === key);
    if (!found) throw new Error(`the plan has no ${key}`);
    return found;
  };
  const [rss, atom, json] = [doc("rss.xml"), doc("atom.xml"), doc("feed.json")];
  const newest = [...items].sort((a, b) => (a.published < b.published ? 1 : -1));
  const ours = () => {
    let length = 0;
    // Each document's own check, as a run applies it before the write.
    for (const doc of [rss, atom, json]) {
      const body = doc.body;
      const problem = doc.verify(body);
      if (problem) throw new Error(problem);
      length += body.length;
    }
    return length;
  };
  // The same three bodies without the strict re-parse: how much of `ours` is the check (issue 8's miss).
  const oursUnchecked = () => rss.body.length + atom.body.length + json.body.length;
  const feeds = compare(
    {
      ours,
      oursUnchecked,
      feed6: () => feedAlone(newest, config.baseUrl),
      hand: () => handWritten(newest, config.baseUrl),
    },
    rounds,
    100,
  );
  // The same object our JSON Feed encodes, parsed back from our output.
  const object = JSON.parse(json.body) as unknown;
  const jsonFeed = compare(
    {
      ours: () => {
        const body = json.body;
        const problem = json.verify(body);
        if (problem) throw new Error(problem);
        return body.length;
      },
      oursUnchecked: () => json.body.length,
      stringify: () => JSON.stringify(object, null, 2).length,
    },
    rounds,
    100,
  );
  return {
    items: itemCount,
    ms: {
      ours: feeds.ms.ours,
      oursUnchecked: feeds.ms.oursUnchecked,
      feed6: feeds.ms.feed6,
      hand: feeds.ms.hand,
    },
    ours_vs_feed6: feeds.ratio("ours", "feed6"),
    ours_unchecked_vs_feed6: feeds.ratio("oursUnchecked", "feed6"),
    feed6_vs_hand: feeds.ratio("feed6", "hand"),
    ours_vs_hand: feeds.ratio("ours", "hand"),
    json_ms: jsonFeed.ms,
    json_vs_stringify: jsonFeed.ratio("ours", "stringify"),
    json_unchecked_vs_stringify: jsonFeed.ratio("oursUnchecked", "stringify"),
  };
}

const rounds = Number(process.argv[2] ?? 15);
const results = [measure(50, rounds), measure(1000, rounds)];
process.stdout.write(`${JSON.stringify(results)}\n`);
