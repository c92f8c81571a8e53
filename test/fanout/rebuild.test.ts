// A parallel rebuild (src/fanout/, docs/scale.md "Beyond one Lambda") must leave exactly what one
// publish run leaves: the same bytes at the same keys, a state the next run finds complete, and the same
// verdicts on bad articles. Each step makes its own state store, as a separate invocation would.
import { describe, expect, it } from "vitest";
import { FANOUT_PREFIX, workListOf } from "../../src/fanout/fanout-objects.js";
import { finishRebuild } from "../../src/fanout/finish-rebuild.js";
import { mergeReads } from "../../src/fanout/merge-reads.js";
import { planRebuild } from "../../src/fanout/plan-rebuild.js";
import { readBatch } from "../../src/fanout/read-batch.js";
import { rebuildInSteps } from "../../src/fanout/rebuild.js";
import { sliceOf, writePages } from "../../src/fanout/write-pages.js";
import { emptyManifest, MANIFEST_KEY } from "../../src/publish/manifest.js";
import type { StoredDocument } from "../../src/publish/ports.js";
import { publish } from "../../src/publish/publish.js";
import { ManifestStateStore } from "../../src/publish/state.js";
import { MemoryArticleSource, MemoryFeedStore } from "../../src/store/memory.js";
import { sampleConfig } from "../site/seed-site.js";

const emptyState = () => emptyManifest("");

const NOW = new Date("2026-11-29T00:00:00Z");
const config = sampleConfig({ baseUrl: "https://n.example/", timeZone: "UTC" });
/** SAMPLE pages (not real news). */
const page = (day: number, month: string, title: string) =>
  `${day} ${month} 2026, 10:00\n\n${title}\n\nThe council voted on Tuesday. ${title}, in a sample paragraph.\n`;

function sources(count: number): MemoryArticleSource {
  const source = new MemoryArticleSource();
  const months = ["August", "September", "October"];
  for (let i = 1; i <= count; i++)
    source.put(
      `${i % 2 ? "city" : "sport"}/a${i}.txt`,
      page((i % 27) + 1, months[i % 3] as string, `Tram line vote, part ${i}`),
    );
  source.put("city/broken.txt", "");
  source.put("city/undated.txt", "A title without a date\n\nA sample paragraph with no date line at all.\n");
  return source;
}

/** The published site: every document but the run state, as key → bytes. */
const site = (store: MemoryFeedStore) =>
  new Map(
    [...store.objects]
      .filter(([key]) => !key.startsWith("_state/"))
      .map(([key, doc]) => [key, Buffer.from(doc.body).toString("utf8")]),
  );

const run = (source: MemoryArticleSource, store: MemoryFeedStore) =>
  publish({ config, source, store, now: NOW });
const rebuild = (source: MemoryArticleSource, store: MemoryFeedStore, extra = {}) =>
  rebuildInSteps({ config, source, store, now: NOW, batchSize: 7, pagesPerSlice: 10, ...extra });

/** Plan and one read batch of the whole work list: what the merge step gets. */
async function planAndRead(source: MemoryArticleSource, store: MemoryFeedStore, cfg = config) {
  const plan = await planRebuild({ config: cfg, source, store, now: NOW });
  const now = new Date(plan.now);
  const items = await workListOf(store, plan.runId);
  const read = await readBatch({ config: cfg, source, store, runId: plan.runId, now, items });
  return { plan, now, read };
}

/** planAndRead, then the merge. */
async function readAndMerge(source: MemoryArticleSource, store: MemoryFeedStore) {
  const done = await planAndRead(source, store);
  await mergeReads({ config, source, store, now: done.now, results: [done.read.result] });
  return done;
}

describe("a parallel rebuild", () => {
  it("publishes the bytes one run publishes, and leaves a state the next run finds complete", async () => {
    const source = sources(40);
    const single = new MemoryFeedStore();
    const parallel = new MemoryFeedStore();
    const one = await run(source, single);
    const many = await rebuild(source, parallel);
    expect(site(parallel)).toEqual(site(single));
    expect(site(parallel).size).toBeGreaterThan(40);
    expect(many.rebuild.pagesWritten).toBe(41);
    expect(many.articles.published).toBe(one.articles.published);
    expect(many.articles.rejected).toEqual(one.articles.rejected);
    expect([...parallel.objects.keys()].filter((key) => key.startsWith(FANOUT_PREFIX))).toEqual([]);
    // The next run has nothing to do, exactly as after a single run.
    const after = await run(source, parallel);
    expect(after.documents.written).toEqual([]);
    expect(after.articles.parsed).toBe(0);
  });

  it("spreads the pages over slices, and the finish step writes only what depends on many articles", async () => {
    const source = sources(40);
    const store = new MemoryFeedStore();
    const plan = await planRebuild({ config, source, store, now: NOW, pagesPerSlice: 10 });
    expect(plan).toMatchObject({ listed: 42, toRead: 42, of: 5, slices: [0, 1, 2, 3, 4] });
    const work = await workListOf(store, plan.runId);
    const now = new Date(plan.now);
    const reads = [
      await readBatch({ config, source, store, runId: plan.runId, now, items: work.slice(0, 20) }),
      await readBatch({ config, source, store, runId: plan.runId, now, items: work.slice(20) }),
    ];
    expect(reads.map((r) => r.parsed + r.skipped)).toEqual([20, 22]);
    const merged = await mergeReads({ config, source, store, now, results: reads.map((r) => r.result) });
    expect(merged).toMatchObject({ articles: 41, parsed: 41, skipped: 1, lostRace: false });
    const pages: Awaited<ReturnType<typeof writePages>>[] = [];
    for (const slice of plan.slices)
      pages.push(await writePages({ config, store, runId: plan.runId, slice, of: plan.of }));
    const pageKeys = [...store.objects.keys()].filter((key) => key.startsWith("articles/"));
    expect(pageKeys).toHaveLength(41);
    expect(new Set(pageKeys.map((key) => sliceOf(key, plan.of))).size).toBeGreaterThan(1);
    expect(pages.reduce((sum, p) => sum + p.written, 0)).toBe(41);
    const report = await finishRebuild({
      config,
      source,
      store,
      now,
      runId: plan.runId,
      reads: reads.map((r) => r.result),
      pages: pages.map((p) => p.result),
    });
    // Only the broken article is read again (to report it); no article page is written twice.
    expect(report.articles.reused).toBe(41);
    expect(report.articles.parsed).toBe(1);
    expect(report.articles.rejected.map((r) => r.key)).toEqual(["city/broken.txt"]);
    expect(report.documents.written.filter((key) => key.startsWith("articles/"))).toEqual([]);
    expect(report.documents.written.length).toBeGreaterThan(0);
  });

  it("writes the archive pages in the slices too, leaving the finish step the feeds and the index", async () => {
    const source = sources(40);
    const paged = { ...config, itemLimit: 10, archivePageSize: 10 };
    const single = new MemoryFeedStore();
    const parallel = new MemoryFeedStore();
    await publish({ config: paged, source, store: single, now: NOW });
    const report = await rebuildInSteps({
      config: paged,
      source,
      store: parallel,
      now: NOW,
      pagesPerSlice: 10,
    });
    const archives = [...site(single).keys()].filter((key) => key.startsWith("archive/"));
    expect(archives.length).toBeGreaterThan(4);
    expect(report.documents.written.filter((key) => key.startsWith("archive/"))).toEqual([]);
    expect(report.rebuild.pagesWritten).toBe(41 + archives.length);
    expect(site(parallel)).toEqual(site(single));
  });

  it("takes over an existing site: reads only what changed, and ends where one run would", async () => {
    const source = sources(30);
    const single = new MemoryFeedStore();
    const parallel = new MemoryFeedStore();
    await run(source, single);
    await run(source, parallel);
    source.put("city/new.txt", page(2, "October", "A new sample article"));
    source.put("city/a1.txt", page(3, "October", "An edited sample article"));
    source.files.delete("sport/a2.txt");
    await run(source, single);
    const plan = await planRebuild({ config, source, store: new MemoryFeedStore(), now: NOW });
    expect(plan.toRead).toBe(32); // a store without state: everything
    const many = await rebuild(source, parallel);
    expect(many.articles.reused).toBe(31); // all but the broken one, read again to report it
    expect(site(parallel)).toEqual(site(single));
    expect((await run(source, parallel)).documents.written).toEqual([]);
  });

  it("ends the same when a batch or a slice is run twice (a retried invocation)", async () => {
    const source = sources(20);
    const single = new MemoryFeedStore();
    await run(source, single);
    const store = new MemoryFeedStore();
    const plan = await planRebuild({ config, source, store, now: NOW, pagesPerSlice: 10 });
    const now = new Date(plan.now);
    const items = await workListOf(store, plan.runId);
    const first = await readBatch({ config, source, store, runId: plan.runId, now, items });
    const again = await readBatch({ config, source, store, runId: plan.runId, now, items });
    expect(again.result).toBe(first.result);
    await mergeReads({ config, source, store, now, results: [first.result, again.result] });
    const pages: Awaited<ReturnType<typeof writePages>>[] = [];
    for (const slice of [...plan.slices, ...plan.slices])
      pages.push(await writePages({ config, store, runId: plan.runId, slice, of: plan.of }));
    const finish = () =>
      finishRebuild({
        config,
        source,
        store,
        now,
        runId: plan.runId,
        reads: [first.result],
        pages: pages.map((p) => p.result),
      });
    await finish();
    expect(site(store)).toEqual(site(single));
    // A finish run again (its reply was lost) finds the page results recorded and gone: nothing to do.
    const again2 = await finish();
    expect(again2.documents.written).toEqual([]);
    expect(site(store)).toEqual(site(single));
  });

  it("converges when a scheduled run saves the state between the merge and the finish", async () => {
    const source = sources(20);
    const single = new MemoryFeedStore();
    const store = new MemoryFeedStore();
    const { plan, now, read } = await readAndMerge(source, store);
    const pages = await writePages({ config, store, runId: plan.runId, slice: 0, of: 1 });
    source.put("city/late.txt", page(4, "October", "A late sample article"));
    await run(source, store);
    await finishRebuild({
      config,
      source,
      store,
      now,
      runId: plan.runId,
      reads: [read.result],
      pages: [pages.result],
    });
    await run(source, single);
    expect(site(store)).toEqual(site(single));
    expect((await run(source, store)).documents.written).toEqual([]);
  });

  it("reads every article again when the parse settings changed, as a run does", async () => {
    const source = sources(12);
    const store = new MemoryFeedStore();
    await run(source, store);
    const changed = { ...config, minYear: 2001 };
    const plan = await planRebuild({ config: changed, source, store, now: NOW });
    expect(plan.toRead).toBe(14);
    const unchanged = await planRebuild({ config, source, store, now: NOW });
    // Only the rejected article, which no state entry holds, is read again.
    expect(unchanged.toRead).toBe(1);
  });

  it("unpublishes what changed settings reject, as one run does", async () => {
    const source = sources(10);
    source.put("city/old.txt", page(5, "March", "A sample from long ago").replace("2026", "1995"));
    const single = new MemoryFeedStore();
    const parallel = new MemoryFeedStore();
    const before = { ...config, minYear: 1990 };
    await publish({ config: before, source, store: single, now: NOW });
    await publish({ config: before, source, store: parallel, now: NOW });
    const oldPage = (store: MemoryFeedStore) =>
      [...site(store).keys()].some((k) => k.startsWith("articles/city-old"));
    expect(oldPage(single)).toBe(true);
    const after = { ...config, minYear: 2000 };
    await publish({ config: after, source, store: single, now: NOW });
    const report = await rebuildInSteps({ config: after, source, store: parallel, now: NOW, batchSize: 4 });
    expect(report.articles.rejected.map((r) => r.key)).toContain("city/old.txt");
    expect(oldPage(parallel)).toBe(false);
    expect(site(parallel)).toEqual(site(single));
  });

  it("never records a page hash over a key another run wrote or forgot in between", async () => {
    const source = sources(12);
    const single = new MemoryFeedStore();
    await run(source, single);
    const store = new MemoryFeedStore();
    const { plan, now, read } = await readAndMerge(source, store);
    const pages = await writePages({ config, store, runId: plan.runId, slice: 0, of: 1 });
    // Another run, from an older view, overwrote a page and lost the race for the state: the key is
    // marked unknown (null) there, and its stored bytes are not the slice's.
    const victim = [...store.objects.keys()].find((key) => key.startsWith("articles/")) ?? "";
    expect(victim).not.toBe("");
    const stale = new TextEncoder().encode("<!doctype html><title>stale</title>");
    await store.write({ key: victim, body: stale, contentType: "text/html", cacheControl: "", sha256: "x" });
    const states = new ManifestStateStore(store);
    const loaded = await states.load();
    if (!loaded.state) throw new Error("no state");
    await states.save(
      { ...loaded.state, documents: { ...loaded.state.documents, [victim]: null } },
      loaded,
      [],
    );
    await finishRebuild({
      config,
      source,
      store,
      now,
      runId: plan.runId,
      reads: [read.result],
      pages: [pages.result],
    });
    expect(site(store).get(victim)).toBe(site(single).get(victim));
    expect(site(store)).toEqual(site(single));
  });

  it("reads again an undated article whose key another run saw first, so its date is its first-seen time", async () => {
    const undatedConfig = { ...config, undated: "first-seen" as const };
    const source = sources(6);
    const store = new MemoryFeedStore();
    const { read } = await planAndRead(source, store, undatedConfig);
    // A scheduled run a day later publishes the site first, recording its own first-seen times.
    const later = new Date(NOW.getTime() + 86_400_000);
    await publish({ config: undatedConfig, source, store, now: later });
    await mergeReads({ config: undatedConfig, source, store, now: NOW, results: [read.result] });
    const { state } = await new ManifestStateStore(store).load();
    const cached = state?.articles["city/undated.txt"]?.article;
    expect(state?.firstSeen["city/undated.txt"]).toBe("2026-11-30T00:00:00Z");
    expect(cached?.published).toBe("2026-11-30T00:00:00Z");
  });

  it("folds its articles in again when another run saves the state while it merges", async () => {
    const source = sources(12);
    const store = new MemoryFeedStore();
    const { read } = await planAndRead(source, store);
    // The first attempt to save the merged root meets another run's save of an unrelated change.
    let interfered = false;
    const write = store.write.bind(store);
    store.write = async (doc: StoredDocument, options?: { ifMatch?: string | null }) => {
      if (doc.key === MANIFEST_KEY && !interfered) {
        interfered = true;
        const states = new ManifestStateStore(store);
        const loaded = await states.load();
        const theirs = loaded.state ?? emptyState();
        await states.save({ ...theirs, documents: { ...theirs.documents, "other.html": null } }, loaded, []);
      }
      return write(doc, options);
    };
    const merged = await mergeReads({ config, source, store, now: NOW, results: [read.result] });
    expect(merged.lostRace).toBe(true);
    const { state } = await new ManifestStateStore(store).load();
    expect(Object.keys(state?.articles ?? {})).toHaveLength(13);
    expect(state?.documents["other.html"]).toBeNull();
  });

  it("repairs documents edited by hand when asked for a full rebuild, reading each article once", async () => {
    const source = sources(12);
    const single = new MemoryFeedStore();
    const parallel = new MemoryFeedStore();
    await run(source, single);
    await rebuild(source, parallel);
    const edited = new TextEncoder().encode("<rss>edited by hand</rss>");
    await parallel.write({
      key: "rss.xml",
      body: edited,
      contentType: "application/rss+xml",
      cacheControl: "",
      sha256: "x",
    });
    await rebuild(source, parallel);
    expect(site(parallel).get("rss.xml")).toBe("<rss>edited by hand</rss>");
    let reads = 0;
    const read = source.read.bind(source);
    source.read = (key, options) => {
      reads++;
      return read(key, options);
    };
    const pageReads: string[] = [];
    const readStored = parallel.read.bind(parallel);
    parallel.read = (key) => {
      if (key.startsWith("articles/")) pageReads.push(key);
      return readStored(key);
    };
    await rebuild(source, parallel, { full: true });
    // Every listed article once, and the broken one again by the finish, to report it.
    expect(reads).toBe(15);
    // Each article page compared with the store once, by its slice (the finish compares the rest).
    expect(pageReads.length).toBe(13);
    expect(new Set(pageReads).size).toBe(13);
    expect(site(parallel)).toEqual(site(single));
  });

  /**
   * A rebuild whose slices fail to write one article page that a new archive page in another slice links
   * to; with `storedBefore`, the state already names that page with unknown bytes (null, after a lost
   * race) and an old version of it is stored.
   */
  async function rebuildWithRefusedPage(storedBefore: boolean) {
    const source = sources(40);
    const paged = { ...config, itemLimit: 10, archivePageSize: 10 };
    const store = new MemoryFeedStore();
    const plan = await planRebuild({ config: paged, source, store, now: NOW, pagesPerSlice: 10 });
    const now = new Date(plan.now);
    const items = await workListOf(store, plan.runId);
    const read = await readBatch({ config: paged, source, store, runId: plan.runId, now, items });
    await mergeReads({ config: paged, source, store, now, results: [read.result] });
    const stateStore = new ManifestStateStore(store);
    const loaded = await stateStore.load();
    const { planSite } = await import("../../src/site/plan.js");
    const planned = planSite(
      Object.values(loaded.state?.articles ?? {}).map(({ article }) => article),
      paged,
      loaded.state?.firstSeen,
    );
    const archive = planned.find(
      (doc) =>
        doc.key.startsWith("archive/") &&
        doc.links.some(
          (link) => link.startsWith("articles/") && sliceOf(link, plan.of) !== sliceOf(doc.key, plan.of),
        ),
    );
    if (!archive || !loaded.state) throw new Error("no archive page linking to another slice's page");
    const refused = archive.links.find(
      (link) => link.startsWith("articles/") && sliceOf(link, plan.of) !== sliceOf(archive.key, plan.of),
    ) as string;
    if (storedBefore) {
      const old = new TextEncoder().encode("<!doctype html><title>old</title>");
      await store.write({
        key: refused,
        body: old,
        contentType: "text/html",
        cacheControl: "",
        sha256: "old",
      });
      const documents = { ...loaded.state.documents, [refused]: null };
      await stateStore.save({ ...loaded.state, documents }, loaded, []);
    }
    // An article page that every attempt fails to write (a store refusing that one key).
    const write = store.write.bind(store);
    store.write = async (doc: StoredDocument, options?: { ifMatch?: string | null }) => {
      if (doc.key === refused) throw new Error("refused (test)");
      return write(doc, options);
    };
    const deleted = new Set<string>();
    const remove = store.delete.bind(store);
    store.delete = async (keys: readonly string[]) => {
      for (const key of keys) deleted.add(key);
      return remove(keys);
    };
    const pages: Awaited<ReturnType<typeof writePages>>[] = [];
    for (const slice of plan.slices)
      pages.push(await writePages({ config: paged, store, runId: plan.runId, slice, of: plan.of }));
    expect(store.objects.has(archive.key)).toBe(true);
    expect(pages.reduce((sum, p) => sum + p.failed, 0)).toBeGreaterThan(0);
    const report = await finishRebuild({
      config: paged,
      source,
      store,
      now,
      runId: plan.runId,
      reads: [read.result],
      pages: pages.map((p) => p.result),
    });
    return { store, report, refused, archive: archive.key, deleted };
  }

  it("withdraws a slice's new documents that link to a page another slice could not write", async () => {
    const { store, report, refused, archive } = await rebuildWithRefusedPage(false);
    // As in a single run: nothing that links to the missing page is left published.
    expect(store.objects.has(refused)).toBe(false);
    expect(store.objects.has(archive)).toBe(false);
    expect(report.documents.failed.length).toBeGreaterThan(0);
  });

  it("keeps them when that page is stored already, even with bytes the state does not know", async () => {
    const { store, report, refused, archive, deleted } = await rebuildWithRefusedPage(true);
    // As in a single run: the old version still answers the link, so nothing is held back for it (not
    // even for a moment: a withdrawn page would be written again by the finish's run, after a gap).
    expect(store.objects.has(refused)).toBe(true);
    expect(store.objects.has(archive)).toBe(true);
    expect(deleted.has(archive)).toBe(false);
    expect(report.documents.failed.length).toBeGreaterThan(0);
  });
});
