// A run given a deadline (the Lambda's timeout minus a margin, the CLI's --time-limit) stops starting
// new work once it passes, saves its progress, says it is incomplete, and the next run continues from
// there. The deadline is read from an injected clock that moves on with the run's own reads or writes,
// so where it stops is deterministic (no timing in the assertions).
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkSite } from "../../src/check/check-site.js";
import { openPublishedSite } from "../../src/check/site-location.js";
import type { ArticleSource, FeedStore, StoredDocument } from "../../src/publish/ports.js";
import { type PublishInput, publish } from "../../src/publish/publish.js";
import { runSucceeded } from "../../src/publish/report.js";
import { BudgetedParser } from "../../src/sandbox/budgeted-parser.js";
import { FsArticleSource, FsFeedStore } from "../../src/store/fs.js";
import { SEEDS, sampleConfig } from "../site/seed-site.js";

const NOW = new Date("2026-11-29T00:00:00Z");
let dir: string;
let input: string;
// A generous Markdown budget: on a busy machine the default 5 s per article can reject a seed, which
// would change what the runs compare (this file is about deadlines, not parse budgets).
let parser: BudgetedParser;

/** Generated SAMPLE pages (not real news), in the seed's .txt layout, beside the seeds. */
function addSamples(from: number, to: number): void {
  mkdirSync(path.join(input, "samples"), { recursive: true });
  for (let i = from; i < to; i++)
    writeFileSync(
      path.join(input, "samples", `sample-${String(i).padStart(3, "0")}.txt`),
      `${1 + (i % 28)} October 2026, ${String(8 + (i % 10)).padStart(2, "0")}:00\n\nSAMPLE article ${i} (not real news)\n\n${"Sample body text. ".repeat(40)}\n`,
    );
}

beforeEach(() => {
  parser = new BudgetedParser({ timeoutMs: 120_000, memoryMb: 256, runTimeoutMs: 600_000 });
  dir = mkdtempSync(path.join(tmpdir(), "deadline-"));
  input = path.join(dir, "articles");
  cpSync(SEEDS, input, { recursive: true });
  addSamples(0, 30);
});
afterEach(() => {
  parser.close();
  rmSync(dir, { recursive: true, force: true });
});

class CountingSource implements ArticleSource {
  reads = 0;
  lists = 0;
  constructor(private readonly inner: ArticleSource) {}
  get location() {
    return this.inner.location;
  }
  list() {
    this.lists++;
    return this.inner.list();
  }
  read(key: string, options?: { maxBytes?: number }) {
    this.reads++;
    return this.inner.read(key, options);
  }
}

class CountingStore implements FeedStore {
  writes = 0;
  constructor(private readonly inner: FeedStore) {}
  get location() {
    return this.inner.location;
  }
  read(key: string) {
    return this.inner.read(key);
  }
  write(doc: StoredDocument, options?: { ifMatch?: string | null }) {
    if (!doc.key.startsWith("_state/")) this.writes++;
    return this.inner.write(doc, options);
  }
  delete(keys: readonly string[]) {
    return this.inner.delete(keys);
  }
  list() {
    return this.inner.list();
  }
}

const run = (output: string, extra: Partial<PublishInput> = {}) =>
  publish({
    config: sampleConfig(),
    source: new FsArticleSource(input),
    store: new FsFeedStore(output),
    now: NOW,
    parser,
    ...extra,
  });

/** The published files of a folder, by relative path. */
function files(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(path.relative(root, full), readFileSync(full, "utf8"));
    }
  };
  walk(root);
  return out;
}

const articleCount = () => files(input).size;

describe("a run past its deadline", () => {
  it("stops reading, saves what it parsed, and the next run parses only the rest and converges", async () => {
    const reference = path.join(dir, "reference");
    expect(runSucceeded(await run(reference))).toBe(true);

    const output = path.join(dir, "public");
    const source = new CountingSource(new FsArticleSource(input));
    // The clock passes the deadline once 10 reads have started: the 11th article is never read.
    const stopped = await run(output, { source, deadline: 1, clock: () => (source.reads >= 10 ? 1 : 0) });
    expect(stopped.incomplete).toEqual({
      reason: "the deadline passed while reading",
      articlesLeft: articleCount() - 10,
      documentsLeft: null,
    });
    expect(runSucceeded(stopped)).toBe(false);
    expect(stopped.documents.written).toEqual([]);
    expect(source.reads).toBe(10);

    const next = new CountingSource(new FsArticleSource(input));
    const finished = await run(output, { source: next });
    expect(finished.incomplete).toBeUndefined();
    expect(runSucceeded(finished)).toBe(true);
    // The ten parsed before the deadline come from the saved checkpoint.
    expect(next.reads).toBe(articleCount() - 10);
    expect(finished.articles.reused).toBe(10);
    expect(files(output)).toEqual(files(reference));
  });

  it("stops writing at a safe point: every link resolves, and the next run writes exactly what is left", async () => {
    const reference = path.join(dir, "reference");
    const output = path.join(dir, "public");
    expect(runSucceeded(await run(reference))).toBe(true);
    expect(runSucceeded(await run(output))).toBe(true);
    addSamples(30, 45);
    const full = await run(reference);
    expect(full.documents.written.length).toBeGreaterThan(15);

    const store = new CountingStore(new FsFeedStore(output));
    const stopped = await run(output, { store, deadline: 1, clock: () => (store.writes >= 1 ? 1 : 0) });
    expect(stopped.incomplete?.reason).toBe("the deadline passed while writing");
    expect(stopped.incomplete?.documentsLeft).toBeGreaterThan(0);
    expect(stopped.documents.failed).toEqual([]);
    expect(stopped.documents.written.length).toBeGreaterThan(0);
    expect(stopped.documents.written.length).toBeLessThan(full.documents.written.length);

    // What readers see meanwhile: a site whose every document parses and every link resolves.
    const site = await checkSite(
      openPublishedSite({ kind: "fs", path: output }, () => {
        throw new Error("no S3 in this test");
      }),
    );
    expect(site.problems).toEqual([]);

    const source = new CountingSource(new FsArticleSource(input));
    const finished = await run(output, { source });
    expect(runSucceeded(finished)).toBe(true);
    expect(source.reads).toBe(0);
    // Nothing written twice, nothing missed: the two runs together wrote what one uninterrupted run did.
    const both = [...stopped.documents.written, ...finished.documents.written].sort();
    expect(both).toEqual(full.documents.written);
    expect(files(output)).toEqual(files(reference));
  });

  it("checkpoints at every step save the state several times and change nothing else (no re-plan)", async () => {
    const reference = path.join(dir, "reference");
    expect(runSucceeded(await run(reference))).toBe(true);
    const output = path.join(dir, "public");
    const source = new CountingSource(new FsArticleSource(input));
    let saves = 0;
    const store = new (class extends CountingStore {
      override write(doc: StoredDocument, options?: { ifMatch?: string | null }) {
        if (doc.key.startsWith("_state/")) saves++;
        return super.write(doc, options);
      }
    })(new FsFeedStore(output));
    const report = await run(output, { source, store, config: sampleConfig({ checkpointSeconds: 0 }) });
    expect(runSucceeded(report)).toBe(true);
    expect(saves).toBeGreaterThan(2);
    // A checkpoint mistaken for another run's save would re-list and re-plan.
    expect(source.lists).toBe(1);
    expect(files(output)).toEqual(files(reference));
  });

  it("with no deadline or one far ahead, changes nothing about a run", async () => {
    const report = await run(path.join(dir, "public"), { deadline: Date.now() + 3_600_000 });
    expect(report.incomplete).toBeUndefined();
    expect(runSucceeded(report)).toBe(true);
  });
});
