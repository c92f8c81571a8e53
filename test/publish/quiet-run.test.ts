// A run whose inputs are those of the last complete run stops after the state's root and two listings
// (src/publish/quiet-run.ts). These tests pin both halves: it does nothing when nothing changed, and every
// kind of change still gets a real run.
import { describe, expect, it } from "vitest";
import { implausibleDate } from "../../src/articles/plausible-date.js";
import { publish } from "../../src/publish/publish.js";
import { changesOnRerun } from "../../src/publish/quiet-run.js";
import type { PublishReport } from "../../src/publish/report.js";
import { SHARD_PREFIX } from "../../src/publish/state-pieces.js";
import { ParserProcess } from "../../src/sandbox/parser-process.js";
import { MemoryArticleSource, MemoryFeedStore } from "../../src/store/memory.js";
import { sampleConfig } from "../site/seed-site.js";

const NOW = new Date("2026-11-29T00:00:00Z");
const config = sampleConfig({ baseUrl: "https://n.example/", timeZone: "UTC" });
/** SAMPLE pages (not real news). */
const page = (day: number, title: string) =>
  `${day} October 2026, 10:00\n\n${title}\n\nThe council voted on Tuesday. ${title}, in a sample paragraph.\n`;

/** A memory store that counts reads of state shards and article bodies. */
class CountingStore extends MemoryFeedStore {
  stateReads = 0;
  override async read(key: string) {
    if (key.startsWith(SHARD_PREFIX) || key.startsWith("_state/articles/")) this.stateReads++;
    return super.read(key);
  }
}

function site() {
  const source = new MemoryArticleSource();
  for (let i = 1; i <= 12; i++) source.put(`city/a${i}.txt`, page(i, `Tram line vote, part ${i}`));
  source.put("city/broken.txt", "");
  const store = new CountingStore();
  return {
    source,
    store,
    run: (extra: Partial<Parameters<typeof publish>[0]> = {}) =>
      publish({ config, source, store, now: NOW, ...extra }),
  };
}

const figures = (report: PublishReport) => ({
  seen: report.articles.seen,
  published: report.articles.published,
  rejected: report.articles.rejected,
  planned: report.documents.written.length + report.documents.unchanged,
});

describe("a run with nothing new", () => {
  it("reads no state piece and no article, writes nothing, and reports the last run's figures", async () => {
    const { source, store, run } = site();
    const first = await run();
    expect(first.articles.rejected.map((r) => r.key)).toEqual(["city/broken.txt"]);
    let reads = 0;
    const read = source.read.bind(source);
    source.read = (key, options) => {
      reads++;
      return read(key, options);
    };
    store.stateReads = 0;
    reads = 0;
    const before = new Map([...store.objects].map(([key, doc]) => [key, doc.etag]));

    const quiet = await run();
    expect(store.stateReads).toBe(0);
    expect(reads).toBe(0);
    expect(quiet.documents.written).toEqual([]);
    expect(new Map([...store.objects].map(([key, doc]) => [key, doc.etag]))).toEqual(before);
    expect(figures(quiet)).toEqual(figures(first));
    expect(quiet.articles.parsed).toBe(0);
  });

  it("the first rerun after a change already finds nothing to do", async () => {
    const { store, run, source } = site();
    await run();
    source.put("city/a13.txt", page(13, "Bridge reopens"));
    const changed = await run();
    expect(changed.documents.written.length).toBeGreaterThan(0);
    store.stateReads = 0;
    const after = await run();
    expect(store.stateReads).toBe(0);
    expect(after.documents.written).toEqual([]);
  });
});

describe("every change still gets a real run", () => {
  async function quietSite() {
    const s = site();
    await s.run();
    return s;
  }

  it("a new article", async () => {
    const { source, run } = await quietSite();
    source.put("city/a20.txt", page(20, "Bridge reopens"));
    const report = await run();
    expect(report.articles.parsed).toBeGreaterThanOrEqual(1);
    expect(report.documents.written.some((key) => key.startsWith("articles/"))).toBe(true);
  });

  it("an edited article", async () => {
    const { source, store, run } = await quietSite();
    source.put("city/a3.txt", page(3, "Tram line vote, part 3, corrected"));
    const report = await run();
    expect(report.documents.written.length).toBeGreaterThan(0);
    expect(new TextDecoder().decode(store.objects.get("rss.xml")?.body)).toContain("part 3, corrected");
  });

  it("a deleted article", async () => {
    const { source, run } = await quietSite();
    source.files.delete("city/a3.txt");
    const report = await run();
    expect(report.articles.published).toBe(11);
    expect(report.documents.deleted.length).toBeGreaterThan(0);
  });

  it("a published document deleted by hand", async () => {
    const { store, run } = await quietSite();
    store.objects.delete("atom.xml");
    const report = await run();
    expect(report.documents.written).toEqual(["atom.xml"]);
  });

  it("a changed setting", async () => {
    const { source, store } = await quietSite();
    const report = await publish({ config: { ...config, title: "Renamed" }, source, store, now: NOW });
    expect(report.documents.written).toContain("rss.xml");
  });

  it("--full", async () => {
    const { run, store } = await quietSite();
    store.stateReads = 0;
    const report = await run({ full: true });
    expect(report.articles.parsed).toBe(13);
    expect(store.stateReads).toBeGreaterThan(0);
  });

  it("an article dated in the future is tried again on every run, and published once its time comes", async () => {
    const { source, run } = await quietSite();
    source.put("city/later.txt", "5 December 2026, 10:00\n\nFuture council session\n\nA sample paragraph.\n");
    const early = await run();
    expect(early.articles.rejected.map((r) => r.key)).toContain("city/later.txt");
    const again = await run();
    expect(again.articles.parsed).toBeGreaterThanOrEqual(1);
    const later = await run({ now: new Date("2026-12-10T00:00:00Z") });
    expect(later.articles.rejected.map((r) => r.key)).not.toContain("city/later.txt");
  });
});

describe("which rejections keep a site from going quiet", () => {
  const ctx = { now: NOW.toISOString(), futureToleranceHours: 24, minYear: 1990 } as Parameters<
    typeof implausibleDate
  >[1];

  it("a date in the future and a run's parsing budget spent on other articles: a rerun may accept them", async () => {
    expect(changesOnRerun(implausibleDate("2027-06-01T00:00:00Z", ctx) ?? "")).toBe(true);
    const spent = new ParserProcess({ timeoutMs: 1000, memoryMb: 64, runTimeoutMs: 0 });
    const result = await spent.parse("a.md", new TextEncoder().encode("# A"), {} as never);
    spent.close();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(changesOnRerun(result.error.reason)).toBe(true);
  });

  it("a date before minYear, an empty page, an article over its own budget: refused the same way every run", () => {
    expect(changesOnRerun(implausibleDate("1980-01-01T00:00:00Z", ctx) ?? "")).toBe(false);
    expect(changesOnRerun("empty article (no text)")).toBe(false);
    // parser-process.ts's wording for one article over its own time or memory budget.
    expect(
      changesOnRerun(
        "not parsed: took longer than the parsing time budget (5 s); simplify the article or split it",
      ),
    ).toBe(false);
    expect(
      changesOnRerun(
        "not parsed: exceeded the parsing memory budget (256 MB); simplify the article or split it",
      ),
    ).toBe(false);
  });
});
