// A run that finds out at a checkpoint that another run saved meanwhile has been writing from a stale
// view, and may go on writing while that checkpoint settles. Every page it wrote must end up rewritten
// from the winner's view (by its re-plan or the next run), never kept as "unchanged" with the winner's
// hash. Reproduced first (a page stayed at the stale version for good), then fixed in publish.ts.
import { describe, expect, it } from "vitest";
import { MANIFEST_KEY } from "../../src/publish/manifest.js";
import type { ArticleSource, FeedStore, StoredDocument } from "../../src/publish/ports.js";
import { publish } from "../../src/publish/publish.js";
import { MemoryArticleSource, MemoryFeedStore } from "../../src/store/memory.js";
import { sampleConfig } from "../site/seed-site.js";

const NOW = new Date("2026-11-29T00:00:00Z");
const config = sampleConfig({ baseUrl: "https://n.example/", timeZone: "UTC", checkpointSeconds: 0 });
/** SAMPLE pages (not real news). */
const page = (i: number, mark: string) =>
  `${(i % 28) + 1} October 2026, 10:00\n\nCouncil approves tram line, update ${i}\n\nThe council voted on Tuesday to extend the tram line, update ${i}. Text ${mark}.\n`;

describe("a checkpoint that loses the race for the state", () => {
  it("leaves no page of the losing run's stale view behind", async () => {
    const current = new MemoryArticleSource();
    for (let i = 0; i < 20; i++) current.put(`politics/a${i}.txt`, page(i, "MARKv1"));
    const store = new MemoryFeedStore();
    await publish({ config, source: current, store, now: NOW });

    // Run A lists a5 at v2; run B, overlapping, already sees v3.
    const stale = new MemoryArticleSource();
    for (const [key, file] of current.files) stale.files.set(key, file);
    stale.put("politics/a5.txt", page(5, "MARKv2"));
    current.put("politics/a5.txt", page(5, "MARKv3"));

    let otherRunDone = false;
    let release = () => {};
    const otherRunFinished = new Promise<void>((resolve) => {
      release = resolve;
    });
    const viewOfA = () => (otherRunDone ? current : stale);
    const sourceOfA: ArticleSource = {
      location: current.location,
      list: () => viewOfA().list(),
      read: (key, options) => viewOfA().read(key, options),
    };
    // A's stale page write waits until B has finished, so it lands while A's checkpoint settles.
    let writing = false;
    let otherRunStarted = false;
    // B runs whole while A reads its checkpoint back (the state's root, right after A saved it).
    const storeOfA: FeedStore = {
      location: store.location,
      async read(key) {
        if (key === MANIFEST_KEY && writing && !otherRunStarted) {
          otherRunStarted = true;
          await publish({ config, source: current, store, now: NOW });
          otherRunDone = true;
          release();
        }
        return store.read(key);
      },
      delete: (keys) => store.delete(keys),
      list: () => store.list(),
      async write(doc: StoredDocument, options?: { ifMatch?: string | null }) {
        const stalePage =
          doc.key.startsWith("articles/") && new TextDecoder().decode(doc.body).includes("MARKv2");
        if (!otherRunDone && stalePage) await otherRunFinished;
        return store.write(doc, options);
      },
    };
    await publish({
      config,
      source: sourceOfA,
      store: storeOfA,
      now: NOW,
      onProgress: (progress) => {
        if (progress.phase === "writing") writing = true;
      },
    });
    expect(otherRunStarted).toBe(true);

    const pagesWith = (mark: string) =>
      [...store.objects]
        .filter(
          ([key, doc]) => key.startsWith("articles/") && new TextDecoder().decode(doc.body).includes(mark),
        )
        .map(([key]) => key);
    await publish({ config, source: current, store, now: NOW });
    expect(pagesWith("MARKv2")).toEqual([]);
    expect(pagesWith("MARKv3")).toHaveLength(1);
  });
});
