import { describe, expect, it } from "vitest";
import { publish } from "../../src/publish/publish.js";
import { runSucceeded } from "../../src/publish/report.js";
import { MemoryArticleSource, MemoryFeedStore } from "../../src/store/memory.js";
import { sampleConfig } from "../site/seed-site.js";

const NOW = new Date("2026-11-29T00:00:00Z");
const config = sampleConfig({ baseUrl: "https://n.example/", timeZone: "UTC" });

/** 301 articles over a few months and two categories, as a real site would have. */
function fullSource(): MemoryArticleSource {
  const source = new MemoryArticleSource();
  for (let i = 0; i < 301; i++) {
    const day = (i % 28) + 1;
    const month = ["September", "October", "November"][i % 3];
    source.put(
      `${i % 2 ? "politics" : "economy"}/a${i}.txt`,
      `${day} ${month} 2026, 10:00\n\nCouncil approves tram line, update ${i}\n\nThe council voted on Tuesday to extend the tram line, update ${i}.\n`,
    );
  }
  return source;
}

describe("a listing that lost most of the site", () => {
  it("is refused: nothing written or deleted, the run fails and says how to let it through", async () => {
    const store = new MemoryFeedStore();
    const source = fullSource();
    expect(runSucceeded(await publish({ config, source, store, now: NOW }))).toBe(true);
    const before = new Map([...store.objects].map(([key, doc]) => [key, doc.etag]));

    // The listing returns 1 of 301 articles (a flaky store, a half-synced folder).
    for (const key of [...source.files.keys()].slice(1)) source.files.delete(key);
    const report = await publish({ config, source, store, now: NOW });
    expect(runSucceeded(report)).toBe(false);
    expect(report.documents.failed).toEqual([
      {
        key: source.location,
        reason: expect.stringMatching(/would unpublish \d+ of \d+ .*--allow-mass-unpublish/),
      },
    ]);
    expect(report.documents.written).toEqual([]);
    expect(report.documents.deleted).toEqual([]);
    expect(new Map([...store.objects].map(([key, doc]) => [key, doc.etag]))).toEqual(before);
  });

  it("goes through with allowMassUnpublish, or under a higher maxUnpublishShare", async () => {
    const store = new MemoryFeedStore();
    const source = fullSource();
    await publish({ config, source, store, now: NOW });
    for (const key of [...source.files.keys()].slice(1)) source.files.delete(key);
    const higher = await publish({
      config: { ...config, maxUnpublishShare: 1 },
      source,
      store,
      now: NOW,
      dryRun: true,
    });
    expect(runSucceeded(higher)).toBe(true);
    const allowed = await publish({ config, source, store, now: NOW, allowMassUnpublish: true });
    expect(runSucceeded(allowed)).toBe(true);
    expect(allowed.documents.deleted.length).toBeGreaterThan(300);
    expect(allowed.articles.published).toBe(1);
  });

  it("lets an ordinary removal through", async () => {
    const store = new MemoryFeedStore();
    const source = fullSource();
    await publish({ config, source, store, now: NOW });
    source.files.delete("politics/a1.txt");
    const report = await publish({ config, source, store, now: NOW });
    expect(runSucceeded(report)).toBe(true);
    expect(report.documents.deleted).toHaveLength(1);
    expect(report.documents.deleted[0]).toMatch(/^articles\/.*\.html$/);
  });
});
