import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MANIFEST_KEY } from "../../src/publish/manifest.js";
import type { ArticleSource, FeedStore, StoredDocument } from "../../src/publish/ports.js";
import { publish } from "../../src/publish/publish.js";
import { FsArticleSource, FsFeedStore } from "../../src/store/fs.js";
import { privateFolderFor } from "../../src/store/fs-store.js";
import { SEEDS, sampleConfig } from "../site/seed-site.js";

const NOW = new Date("2026-11-29T00:00:00Z");
let dir: string;
let input: string;
let output: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "publish-"));
  input = path.join(dir, "articles");
  output = path.join(dir, "public");
  cpSync(SEEDS, input, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Counts reads so a test can prove a run with nothing new reads no article. */
class CountingSource implements ArticleSource {
  reads: string[] = [];
  constructor(private readonly inner: ArticleSource) {}
  get location() {
    return this.inner.location;
  }
  list() {
    return this.inner.list();
  }
  read(key: string) {
    this.reads.push(key);
    return this.inner.read(key);
  }
}

/** Fault injection: fails writes of keys matching a pattern. */
class FailingStore implements FeedStore {
  constructor(
    private readonly inner: FeedStore,
    private readonly failing: RegExp,
  ) {}
  get location() {
    return this.inner.location;
  }
  read(key: string) {
    return this.inner.read(key);
  }
  async write(doc: StoredDocument, options?: { ifMatch?: string | null }) {
    if (this.failing.test(doc.key)) throw new Error(`injected failure for ${doc.key}`);
    return this.inner.write(doc, options);
  }
  delete(keys: readonly string[]) {
    return this.inner.delete(keys);
  }
  list() {
    return this.inner.list();
  }
}

const run = (
  overrides: { source?: ArticleSource; store?: FeedStore; full?: boolean; dryRun?: boolean } = {},
) =>
  publish({
    config: sampleConfig(),
    source: overrides.source ?? new FsArticleSource(input),
    store: overrides.store ?? new FsFeedStore(output),
    now: NOW,
    full: overrides.full ?? false,
    dryRun: overrides.dryRun ?? false,
  });

const read = (key: string) => readFileSync(path.join(output, key), "utf8");
/** The saved run state, kept beside the output (not published). */
const manifestFile = () => path.join(privateFolderFor(output), "state", "manifest.json");

describe("publish", () => {
  it("publishes every seed article into feeds, pages, index and OPML", async () => {
    const report = await run();
    expect(report.articles).toMatchObject({ seen: 5, parsed: 5, reused: 0, published: 5, rejected: [] });
    expect(report.documents.failed).toEqual([]);
    for (const key of [
      "rss.xml",
      "atom.xml",
      "feed.json",
      "index.html",
      "feeds.opml",
      "categories/politics/rss.xml",
    ])
      expect(existsSync(path.join(output, key)), key).toBe(true);
    expect(read("rss.xml")).toContain("Blinken urged Azerbaijan’s Aliyev to cease hostilities immediately");
    expect(report.bytesWritten).toBeGreaterThan(10_000);
  });

  it("reads no article and writes nothing when nothing changed", async () => {
    await run();
    const before = read("atom.xml");
    const source = new CountingSource(new FsArticleSource(input));
    const report = await run({ source });
    expect(source.reads).toEqual([]);
    expect(report.articles).toMatchObject({ parsed: 0, reused: 5 });
    expect(report.documents.written).toEqual([]);
    expect(report.documents.unchanged).toBe(25);
    expect(read("atom.xml")).toBe(before);
  });

  it("re-reads only a changed article and rewrites only what shows it", async () => {
    await run();
    const key = "politics/sample-parliament-session.txt";
    const file = path.join(input, key);
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("SAMPLE: Parliament", "SAMPLE: Edited parliament"),
    );
    const source = new CountingSource(new FsArticleSource(input));
    const report = await run({ source });
    expect(source.reads).toEqual([key]);
    expect(report.documents.written).toContain("rss.xml");
    expect(report.documents.written).toContain("categories/politics/atom.xml");
    expect(report.documents.written).not.toContain("categories/culture/atom.xml");
    expect(read("rss.xml")).toContain("SAMPLE: Edited parliament");
  });

  it("puts a new article at the top of every feed", async () => {
    await run();
    writeFileSync(
      path.join(input, "new.txt"),
      "20 November 2026, 10:00\n\nA brand new article\n\nIts only paragraph.\n",
    );
    await run();
    const rss = read("rss.xml");
    expect(rss.indexOf("A brand new article")).toBeLessThan(rss.indexOf("Blinken"));
    expect(JSON.parse(read("feed.json")).items[0].title).toBe("A brand new article");
  });

  it("removes the page and feed entries of a deleted article, and an emptied category", async () => {
    await run();
    unlinkSync(path.join(input, "culture/sample-jazz-festival.md"));
    const report = await run();
    expect(report.documents.deleted).toContain("categories/culture/rss.xml");
    expect(report.documents.deleted.some((k) => k.startsWith("articles/culture-sample-jazz-festival"))).toBe(
      true,
    );
    expect(existsSync(path.join(output, "categories/culture/rss.xml"))).toBe(false);
    expect(read("rss.xml")).not.toContain("Jazz festival");
  });

  it("refuses to unpublish everything when the source suddenly lists no articles", async () => {
    await run();
    const empty = path.join(dir, "empty");
    mkdirSync(empty);
    const report = await run({ source: new FsArticleSource(empty) });
    expect(report.documents.failed).toEqual([
      { key: empty, reason: expect.stringMatching(/no articles found here, but 5 are published/) },
    ]);
    expect(report.documents.deleted).toEqual([]);
    expect(existsSync(path.join(output, "articles/000_835090aee9fb4387.html"))).toBe(true);
  });

  it("cleans up after a failed write: no temp file is left among the documents", async () => {
    mkdirSync(path.join(output, "rss.xml"), { recursive: true });
    const report = await run();
    expect(report.documents.failed.map((f) => f.key)).toContain("rss.xml");
    expect(readdirSync(output).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("rejects a bad article with its key and reason and publishes the rest", async () => {
    // A title and no article text: rejected under every undated policy.
    writeFileSync(path.join(input, "broken.txt"), "no article text here\n");
    writeFileSync(path.join(input, "broken.json"), "[1, 2]");
    const report = await run();
    expect(report.articles.published).toBe(5);
    expect(report.articles.rejected.map((r) => r.key)).toEqual(["broken.json", "broken.txt"]);
    expect(report.articles.rejected[1]?.reason).toMatch(/no article text/);
    expect(report.documents.failed).toEqual([]);
  });

  it("rejects an article above maxArticleBytes without reading it", async () => {
    writeFileSync(path.join(input, "huge.txt"), `1 January 2024\n\nHuge\n\n${"x".repeat(6 * 1024 * 1024)}\n`);
    const source = new CountingSource(new FsArticleSource(input));
    const report = await run({ source });
    expect(source.reads).not.toContain("huge.txt");
    expect(report.articles.rejected).toEqual([
      { key: "huge.txt", reason: expect.stringMatching(/too large/) },
    ]);
  });

  it("stops before later stages when a write fails, and the next run repairs everything", async () => {
    const failing = new FailingStore(new FsFeedStore(output), /^articles\/000_/);
    const broken = await run({ store: failing });
    expect(broken.documents.failed.map((f) => f.key)).toContain("articles/000_835090aee9fb4387.html");
    // Feeds link to article pages, so no feed may be published while a page is missing.
    expect(existsSync(path.join(output, "rss.xml"))).toBe(false);
    expect(existsSync(path.join(output, "index.html"))).toBe(false);
    const repaired = await run();
    expect(repaired.documents.failed).toEqual([]);
    expect(repaired.documents.written).toContain("articles/000_835090aee9fb4387.html");
    expect(repaired.documents.written).toContain("rss.xml");
    expect(existsSync(path.join(output, "rss.xml"))).toBe(true);
  });

  it("keeps the last good version of an article that cannot be read, and fails the run so it is retried", async () => {
    await run();
    const key = "politics/sample-parliament-session.txt";
    writeFileSync(path.join(input, key), `${readFileSync(path.join(input, key), "utf8")}\nEdited.\n`);
    const flaky: ArticleSource = {
      location: "flaky",
      list: () => new FsArticleSource(input).list(),
      async read(k) {
        if (k === key) throw new Error("SlowDown: please reduce your request rate");
        return new FsArticleSource(input).read(k);
      },
    };
    const report = await run({ source: flaky });
    expect(report.documents.failed).toEqual([
      { key, reason: expect.stringMatching(/could not be read: .*SlowDown.*last good version/) },
    ]);
    expect(report.articles.published).toBe(5);
    expect(report.documents.deleted).toEqual([]);
    expect(read("rss.xml")).toContain("Parliament holds");
    // The cache still holds the old etag, so the next run reads the edited file.
    const next = await run();
    expect(next.documents.failed).toEqual([]);
    expect(next.articles.parsed).toBe(1);
  });

  it("keeps the last good version when an edit breaks a published article, and says so", async () => {
    await run();
    const key = "politics/sample-parliament-session.txt";
    writeFileSync(path.join(input, key), "Everything but the title was deleted by mistake\n");
    const report = await run();
    expect(report.articles.rejected).toEqual([
      { key, reason: expect.stringMatching(/^no article text.*\(the last good version stays published\)$/) },
    ]);
    expect(report.articles.published).toBe(5);
    expect(read("categories/politics/rss.xml")).toContain("Parliament holds");
  });

  it("unpublishes an article that changed settings reject, instead of keeping its last good version", async () => {
    writeFileSync(path.join(input, "old.txt"), "15 / September / 2001 : 11-26\n\nAn old story\n\nBody.\n");
    expect((await run()).articles.published).toBe(6);
    const stricter = () =>
      publish({
        config: sampleConfig({ minYear: 2010 }),
        source: new FsArticleSource(input),
        store: new FsFeedStore(output),
        now: NOW,
      });
    const first = await stricter();
    expect(first.articles.rejected).toEqual([
      { key: "old.txt", reason: expect.stringMatching(/^date 2001-.* before 2010/) },
    ]);
    expect(first.articles.published).toBe(5);
    const second = await stricter();
    expect(second.articles.published).toBe(5);
    expect(read("rss.xml")).not.toContain("An old story");
  });

  it("deletes nothing in a run where anything failed, and catches up on the next", async () => {
    await run();
    unlinkSync(path.join(input, "culture/sample-jazz-festival.md"));
    const broken = await run({ store: new FailingStore(new FsFeedStore(output), /^rss\.xml$/) });
    expect(broken.documents.failed.map((f) => f.key)).toContain("rss.xml");
    expect(broken.documents.deleted).toEqual([]);
    expect(existsSync(path.join(output, "categories/culture/rss.xml"))).toBe(true);
    const repaired = await run();
    expect(repaired.documents.deleted).toContain("categories/culture/rss.xml");
    expect(existsSync(path.join(output, "categories/culture/rss.xml"))).toBe(false);
  });

  it("does not delete the page of an article that was merely unreadable in this run", async () => {
    const fresh = path.join(input, "fresh.txt");
    writeFileSync(fresh, "20 November 2026, 10:00\n\nFresh\n\nBody.\n");
    const blind: ArticleSource = {
      location: "blind",
      list: () => new FsArticleSource(input).list(),
      async read(key) {
        if (key === "fresh.txt") throw new Error("InternalError");
        return new FsArticleSource(input).read(key);
      },
    };
    await run();
    // A new manifest format (no cached articles) makes the next run read everything, and one read fails.
    writeFileSync(
      manifestFile(),
      JSON.stringify({
        documents: JSON.parse(readFileSync(manifestFile(), "utf8")).documents,
      }),
    );
    const report = await run({ source: blind });
    expect(report.documents.failed.map((f) => f.key)).toEqual(["fresh.txt"]);
    expect(report.documents.deleted).toEqual([]);
    expect(existsSync(path.join(output, "articles/fresh.html"))).toBe(true);
  });

  it("reports on a dry run the documents it would delete", async () => {
    await run();
    unlinkSync(path.join(input, "culture/sample-jazz-festival.md"));
    const report = await run({ dryRun: true });
    expect(report.documents.deleted).toContain("categories/culture/rss.xml");
    expect(existsSync(path.join(output, "categories/culture/rss.xml"))).toBe(true);
  });

  it("writes nothing on a dry run but reports what it would write", async () => {
    const report = await run({ dryRun: true });
    expect(report.documents.written).toContain("rss.xml");
    expect(existsSync(output)).toBe(false);
  });

  it("restores a document deleted by hand on the next run, full or not (the output is listed each run)", async () => {
    await run();
    unlinkSync(path.join(output, "atom.xml"));
    expect((await run()).documents.written).toEqual(["atom.xml"]);
    expect(existsSync(path.join(output, "atom.xml"))).toBe(true);
    unlinkSync(path.join(output, "rss.xml"));
    expect((await run({ full: true })).documents.written).toEqual(["rss.xml"]);
  });

  it("removes pages no plan produces even when the state forgot them, and leaves other files alone", async () => {
    await run();
    // The state is lost (or the run that published the page died before saving it), then the article goes.
    await new FsFeedStore(output).delete([MANIFEST_KEY]);
    const removed = readdirSync(input, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(".md"));
    unlinkSync(path.join(input, removed as string));
    writeFileSync(path.join(output, "robots.txt"), "User-agent: *\n");
    writeFileSync(path.join(output, "articles/stale-from-an-old-run.html"), "<p>old</p>\n");
    const report = await run();
    expect(report.documents.failed).toEqual([]);
    expect(report.documents.deleted).toContain("articles/stale-from-an-old-run.html");
    expect(existsSync(path.join(output, "articles/stale-from-an-old-run.html"))).toBe(false);
    expect(existsSync(path.join(output, "robots.txt"))).toBe(true);
    // The removed article's page and the stray one; every other page is still planned.
    expect(report.documents.deleted.filter((key) => key.startsWith("articles/"))).toHaveLength(2);
    expect(readdirSync(path.join(output, "articles"))).toHaveLength(report.articles.published);
  });

  it("re-plans when a run saved its manifest in between, instead of trusting its own view", async () => {
    await run();
    writeFileSync(path.join(input, "new.txt"), "20 November 2026, 10:00\n\nRace\n\nBody.\n");
    const store = new FsFeedStore(output);
    let raced = false;
    const racing: FeedStore = {
      location: store.location,
      read: (key) => store.read(key),
      delete: (keys) => store.delete(keys),
      list: () => store.list(),
      async write(doc, options) {
        // Another run finishes its manifest between our read and our write (once).
        if (doc.key === MANIFEST_KEY && !raced) {
          raced = true;
          writeFileSync(manifestFile(), '{"documents":{"rss.xml":"0000"}}\n');
        }
        return store.write(doc, options);
      },
    };
    const report = await run({ store: racing });
    expect(raced).toBe(true);
    expect(report.documents.failed).toEqual([]);
    expect(read("rss.xml")).toContain("Race");
    // The saved state matches what is stored: the next run has nothing to repair.
    const next = await run();
    expect(next.documents.failed).toEqual([]);
    expect(next.documents.written).toEqual([]);
  });

  it("two overlapping runs end with both runs' articles in the feeds", async () => {
    await run();
    // Run A stalls just before writing the main RSS feed (fault injection: a slow disk or a preempted run).
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reachedGate: () => void = () => undefined;
    const atGate = new Promise<void>((resolve) => {
      reachedGate = resolve;
    });
    writeFileSync(path.join(input, "first.txt"), "20 November 2026, 10:00\n\nSeen by run A\n\nBody.\n");
    const store = new FsFeedStore(output);
    let stalled = false;
    const slow: FeedStore = {
      location: store.location,
      read: (key) => store.read(key),
      delete: (keys) => store.delete(keys),
      list: () => store.list(),
      async write(doc, options) {
        if (doc.key === "rss.xml" && !stalled) {
          stalled = true;
          reachedGate();
          await gate;
        }
        return store.write(doc, options);
      },
    };
    const runA = run({ store: slow });
    await atGate;
    // Meanwhile a second article arrives and run B publishes both, completely.
    writeFileSync(path.join(input, "second.txt"), "21 November 2026, 10:00\n\nSeen by run B\n\nBody.\n");
    const runB = await run();
    expect(runB.documents.failed).toEqual([]);
    expect(read("rss.xml")).toContain("Seen by run A");
    release();
    const reportA = await runA;
    expect(reportA.documents.failed).toEqual([]);
    for (const feed of ["rss.xml", "atom.xml", "feed.json"]) {
      expect(read(feed), feed).toContain("Seen by run A");
      expect(read(feed), feed).toContain("Seen by run B");
    }
    expect((await run()).documents.written).toEqual([]);
  });
});

describe("a folder site published by an older version (state inside the output)", () => {
  it("keeps its state (nothing republished) and stops publishing it", async () => {
    const first = await publish({
      config: sampleConfig(),
      source: new FsArticleSource(input),
      store: new FsFeedStore(output),
      now: NOW,
    });
    expect(first.documents.failed).toEqual([]);
    // The old layout: <output>/_state/manifest.json.
    mkdirSync(path.join(output, "_state"));
    renameSync(manifestFile(), manifestFile());
    const next = await publish({
      config: sampleConfig(),
      source: new FsArticleSource(input),
      store: new FsFeedStore(output),
      now: NOW,
    });
    expect(next.documents.written).toEqual([]);
    expect(next.articles.parsed).toBe(0);
    expect(existsSync(path.join(output, "_state"))).toBe(false);
    expect(existsSync(manifestFile())).toBe(true);
  });
});
