/**
 * `npm run bench`: speed and memory of a publish run over synthetic scraped articles, in memory (no disk,
 * no network), so the figures measure our code. Prints medians over several runs and the ratios that matter:
 * how much cheaper a run with nothing new is than a first run, and how time grows with the corpus.
 * Figures on a shared 2-core machine are noisy: compare ratios, not absolute times.
 */
import { parseConfig } from "../src/config.js";
import { MANIFEST_KEY } from "../src/publish/manifest.js";
import type { FeedStore, StoredDocument } from "../src/publish/ports.js";
import { publish } from "../src/publish/publish.js";
import { MemoryArticleSource, MemoryFeedStore } from "../src/store/memory.js";

/**
 * A store that keeps only the manifest's bytes and drops every document's body once written, so the
 * heap figures measure the publisher, not a store holding the whole site in memory.
 */
class DiscardingStore implements FeedStore {
  readonly location = "memory:discarding";
  private readonly inner = new MemoryFeedStore();
  read(key: string) {
    return this.inner.read(key);
  }
  async write(doc: StoredDocument, options?: { ifMatch?: string | null }) {
    await this.inner.write(doc.key === MANIFEST_KEY ? doc : { ...doc, body: new Uint8Array() }, options);
  }
  delete(keys: readonly string[]) {
    return this.inner.delete(keys);
  }
  list() {
    return this.inner.list();
  }
}

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? "500,2000").split(",").map(Number);
const config = parseConfig({ timeZone: "Asia/Yerevan", baseUrl: "https://news.example/" });
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
];

function article(i: number): string {
  const day = (i % 28) + 1;
  const month = MONTHS[i % MONTHS.length];
  const paragraph =
    `Paragraph text of article ${i} with “quotes”, Armenian Հայաստան and Russian Россия words. `.repeat(6);
  return `${day} / ${month} / 2023 : ${String(i % 24).padStart(2, "0")}-${String(i % 60).padStart(2, "0")}\n\nHeadline number ${i}\n\n${paragraph}\n\n${paragraph}\n\n${paragraph}\nViewed ${i}times\nLatest news\n`;
}

function corpus(n: number): MemoryArticleSource {
  const source = new MemoryArticleSource();
  for (let i = 0; i < n; i++)
    source.put(`section-${i % 8}/article-${String(i).padStart(6, "0")}.txt`, article(i));
  return source;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function measure(n: number) {
  const first: number[] = [];
  const again: number[] = [];
  const oneNew: number[] = [];
  let heapMb = 0;
  for (let r = 0; r < RUNS; r++) {
    const source = corpus(n);
    const store = new DiscardingStore();
    const now = new Date("2026-11-29T00:00:00Z");
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    // Peak heap above the corpus already in memory, sampled between the run's awaits.
    let peak = heapBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 5);
    let t = performance.now();
    await publish({ config, source, store, now });
    first.push(performance.now() - t);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    heapMb = Math.max(heapMb, (peak - heapBefore) / 2 ** 20);
    t = performance.now();
    const report = await publish({ config, source, store, now });
    again.push(performance.now() - t);
    if (report.documents.written.length !== 0) throw new Error("an unchanged run wrote documents");
    source.put("section-0/new.txt", article(n + 1).replace("2023", "2024"));
    t = performance.now();
    await publish({ config, source, store, now });
    oneNew.push(performance.now() - t);
  }
  return { n, first: median(first), again: median(again), oneNew: median(oneNew), heapMb };
}

const rows = [];
for (const n of SIZES) rows.push(await measure(n));
console.log(`publish benchmark: medians of ${RUNS} runs (ms); Node ${process.version}`);
console.log("articles  first run  per article  unchanged run  one new article  peak heap (MB)");
for (const r of rows)
  console.log(
    `${String(r.n).padStart(8)}  ${r.first.toFixed(0).padStart(9)}  ${(r.first / r.n).toFixed(3).padStart(11)}  ${r.again.toFixed(0).padStart(13)}  ${r.oneNew.toFixed(0).padStart(15)}  ${r.heapMb.toFixed(1).padStart(16)}`,
  );
for (const r of rows)
  console.log(
    `ratio at ${r.n}: first run / unchanged run = ${(r.first / r.again).toFixed(1)}x, first run / one new article = ${(r.first / r.oneNew).toFixed(1)}x`,
  );
if (rows.length > 1) {
  const [a, b] = [rows[0], rows[rows.length - 1]] as [(typeof rows)[0], (typeof rows)[0]];
  console.log(
    `scaling ${a.n} → ${b.n} articles (${(b.n / a.n).toFixed(1)}x): first run time ${(b.first / a.first).toFixed(1)}x`,
  );
}
