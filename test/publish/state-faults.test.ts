import { describe, expect, it } from "vitest";
import { MANIFEST_KEY } from "../../src/publish/manifest.js";
import { PreconditionFailedError, type StoredDocument } from "../../src/publish/ports.js";
import { publish } from "../../src/publish/publish.js";
import { runSucceeded } from "../../src/publish/report.js";
import { MemoryArticleSource, MemoryFeedStore } from "../../src/store/memory.js";
import { sampleConfig } from "../site/seed-site.js";

const NOW = new Date("2026-11-29T00:00:00Z");
const config = sampleConfig({ baseUrl: "https://n.example/", timeZone: "UTC" });

function source(): MemoryArticleSource {
  const s = new MemoryArticleSource();
  for (let i = 1; i <= 6; i++)
    s.put(
      `politics/a${i}.txt`,
      `${i} November 2026, 10:00\n\nCouncil approves tram line, update ${i}\n\nThe council voted on Tuesday to extend the tram line, update ${i}.\n`,
    );
  return s;
}

describe("faults around the run state", () => {
  it("reports an unreadable state, still removes what is gone, and saves a fresh state", async () => {
    const articles = source();
    const store = new MemoryFeedStore();
    await publish({ config, source: articles, store, now: NOW });
    await store.write({
      key: MANIFEST_KEY,
      body: new TextEncoder().encode("{not json"),
      contentType: "",
      cacheControl: "",
      sha256: "",
    });
    articles.files.delete("politics/a6.txt");
    const report = await publish({ config, source: articles, store, now: NOW });
    expect(runSucceeded(report)).toBe(true);
    expect(report.warnings).toEqual([
      { key: MANIFEST_KEY, reason: expect.stringMatching(/could not be read/) },
    ]);
    expect(report.documents.deleted).toEqual([expect.stringMatching(/^articles\//)]);
    const next = await publish({ config, source: articles, store, now: NOW });
    expect(next.warnings).toEqual([]);
    expect(next.documents.written).toEqual([]);
  });

  it("knows its own state write when the reply was lost, so the next run rewrites nothing", async () => {
    const articles = source();
    let lostOnce = false;
    // The write lands, the reply is lost, the SDK retries and meets its own result: 412.
    const store = new (class extends MemoryFeedStore {
      override async write(doc: StoredDocument, options?: { ifMatch?: string | null }) {
        await super.write(doc, options);
        if (doc.key === MANIFEST_KEY && !lostOnce) {
          lostOnce = true;
          throw new PreconditionFailedError(doc.key);
        }
      }
    })();
    expect(runSucceeded(await publish({ config, source: articles, store, now: NOW }))).toBe(true);
    expect(lostOnce).toBe(true);
    expect((await publish({ config, source: articles, store, now: NOW })).documents.written).toEqual([]);
  });

  it("gives a report on a full run when a stored document cannot be read back, and rewrites it", async () => {
    const articles = source();
    const store = new (class extends MemoryFeedStore {
      override async read(key: string) {
        if (key === "rss.xml") throw new Error("InternalError: We encountered an internal error");
        return super.read(key);
      }
    })();
    await publish({ config, source: articles, store, now: NOW });
    const report = await publish({ config, source: articles, store, now: NOW, full: true });
    expect(runSucceeded(report)).toBe(true);
    expect(report.documents.written).toEqual(["rss.xml"]);
  });

  it("reads an article again when a read is cut off", async () => {
    const articles = source();
    const failedOnce = new Set<string>();
    const flaky = {
      location: articles.location,
      list: () => articles.list(),
      async read(key: string) {
        if (!failedOnce.has(key)) {
          failedOnce.add(key);
          throw new Error("ECONNRESET: socket hang up while reading the body");
        }
        return articles.read(key);
      },
    };
    const report = await publish({ config, source: flaky, store: new MemoryFeedStore(), now: NOW });
    expect(report.documents.failed).toEqual([]);
    expect(report.articles.published).toBe(6);
  });
});
