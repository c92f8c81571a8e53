import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeManifest, MANIFEST_KEY } from "../../src/publish/manifest.js";
import type { StoredDocument } from "../../src/publish/ports.js";
import { publish } from "../../src/publish/publish.js";
import { runSucceeded } from "../../src/publish/report.js";
import { ManifestStateStore } from "../../src/publish/state.js";
import { decodeRoot, SHARD_PREFIX } from "../../src/publish/state-pieces.js";
import { MemoryArticleSource, MemoryFeedStore } from "../../src/store/memory.js";
import { REPO_ROOT, SEEDS, sampleConfig } from "../site/seed-site.js";

const NOW = new Date("2026-11-29T00:00:00Z");
const config = sampleConfig();
const V2_MANIFEST = path.join(REPO_ROOT, "test/fixtures/state-v2/manifest.json");

function seeds(): MemoryArticleSource {
  const source = new MemoryArticleSource();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  for (const file of walk(SEEDS).sort()) source.put(path.relative(SEEDS, file), readFileSync(file));
  return source;
}

/** A store that remembers the keys written, in order. */
class RecordingStore extends MemoryFeedStore {
  writes: string[] = [];
  override async write(doc: StoredDocument, options?: { ifMatch?: string | null }) {
    this.writes.push(doc.key);
    await super.write(doc, options);
  }
}

const documents = (store: MemoryFeedStore) =>
  new Map([...store.objects].filter(([key]) => !key.startsWith("_state/")).map(([k, o]) => [k, o.body]));
const shardKeys = (store: MemoryFeedStore) =>
  [...store.objects.keys()].filter((k) => k.startsWith(SHARD_PREFIX));
const rootOf = (store: MemoryFeedStore) =>
  decodeRoot(store.objects.get(MANIFEST_KEY)?.body ?? new Uint8Array());

const run = (source: MemoryArticleSource, store: MemoryFeedStore) =>
  publish({ config, source, store, now: NOW });

describe("the run state stored in pieces", () => {
  it("takes over a version 2 manifest without rewriting a document or parsing an article", async () => {
    const source = seeds();
    const store = new RecordingStore();
    await run(source, store);
    const site = documents(store);
    // The state exactly as the version 2 code saved it after publishing the same articles.
    for (const key of [...store.objects.keys()]) if (key.startsWith("_state/")) store.objects.delete(key);
    const v2 = readFileSync(V2_MANIFEST);
    await store.write({ key: MANIFEST_KEY, body: v2, contentType: "", cacheControl: "", sha256: "" });

    const report = await run(source, store);
    expect(runSucceeded(report)).toBe(true);
    expect(report.warnings).toEqual([]);
    expect(report.documents.written).toEqual([]);
    expect(report.articles.parsed).toBe(0);
    expect(documents(store)).toEqual(site);
    const migrated = (await new ManifestStateStore(store).load()).state;
    const legacy = decodeManifest(v2);
    expect(rootOf(store)?.version).toBe(3);
    expect(migrated?.firstSeen).toEqual(legacy?.firstSeen);
    expect(migrated?.documents).toEqual(legacy?.documents);
    // Input digests are derived from article digests since 2026-12-02 (docs/scale.md), so the ones a
    // version 2 state holds are stale: every document is rendered once, found unchanged and not written.
    expect(Object.keys(migrated?.inputs ?? {}).sort()).toEqual(Object.keys(legacy?.inputs ?? {}).sort());
  });

  it("writes only the shards a new article changes, the root last, and nothing on a quiet run", async () => {
    const source = seeds();
    const store = new RecordingStore();
    await run(source, store);
    const shardsBefore = Object.keys(rootOf(store)?.shards ?? {}).length;
    store.writes = [];
    source.put(
      "politics/new.txt",
      "1 November 2026, 10:00\n\nCouncil approves tram line\n\nThe council voted on Tuesday.\n",
    );
    const report = await run(source, store);
    expect(report.articles.parsed).toBe(1);
    const stateWrites = store.writes.filter((key) => key.startsWith("_state/"));
    expect(stateWrites.at(-1)).toBe(MANIFEST_KEY);
    // The new article's own shard plus the shards of the documents it changed, never all of them.
    expect(stateWrites.length - 1).toBeLessThan(report.documents.written.length + 2);
    expect(stateWrites.length - 1).toBeLessThan(shardsBefore);

    store.writes = [];
    const quiet = await run(source, store);
    expect(quiet.documents.written).toEqual([]);
    expect(store.writes).toEqual([]);
  });

  it("keeps the previous root's shards until the next save, then deletes them", async () => {
    const source = seeds();
    const store = new MemoryFeedStore();
    await run(source, store);
    for (let i = 1; i <= 3; i++) {
      source.put(
        `politics/new-${i}.txt`,
        `${i} November 2026, 10:00\n\nTram line ${i}\n\nThe council voted.\n`,
      );
      await run(source, store);
      const root = rootOf(store);
      const referenced = new Set([...Object.values(root?.shards ?? {}), ...(root?.retired ?? [])]);
      expect(root?.retired.length).toBeGreaterThan(0);
      expect(shardKeys(store).sort()).toEqual([...referenced].sort());
    }
  });

  it("rebuilds what a missing or corrupt shard held, says so, and is whole again the run after", async () => {
    const source = seeds();
    const store = new MemoryFeedStore();
    await run(source, store);
    const site = documents(store);
    const [corrupt, missing] = Object.values(rootOf(store)?.shards ?? {});
    if (!corrupt || !missing) throw new Error("expected two shards at least");
    await store.write({
      key: corrupt,
      body: new TextEncoder().encode("{cut sh"),
      contentType: "",
      cacheControl: "",
      sha256: "",
    });
    await store.delete([missing]);

    const report = await run(source, store);
    expect(runSucceeded(report)).toBe(true);
    expect(report.warnings).toEqual([{ key: MANIFEST_KEY, reason: expect.stringContaining(corrupt) }]);
    expect(report.documents.deleted).toEqual([]);
    expect(documents(store)).toEqual(site);
    const next = await run(source, store);
    expect(next.warnings).toEqual([]);
    expect(next.articles.parsed).toBe(0);
    expect(next.documents.written).toEqual([]);
  });
});
