import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/articles/article.js";
import { slotOf } from "../../src/articles/article-body.js";
import { BODY_PREFIX } from "../../src/publish/article-bodies.js";
import { decodeManifest, encodeManifest, MANIFEST_KEY } from "../../src/publish/manifest.js";
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

/** A store that remembers the keys read, in order. */
class ReadRecordingStore extends MemoryFeedStore {
  reads: string[] = [];
  override async read(key: string) {
    this.reads.push(key);
    return super.read(key);
  }
}

const bodyKeys = (store: MemoryFeedStore) =>
  [...store.objects.keys()].filter((k) => k.startsWith(BODY_PREFIX)).sort();

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
    expect(rootOf(store)?.version).toBe(4);
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
    // The new article's body, stored as it was parsed, before any shard names it.
    const bodies = stateWrites.filter((key) => key.startsWith(BODY_PREFIX));
    expect(bodies).toHaveLength(1);
    expect(stateWrites.indexOf(bodies[0] ?? "")).toBe(0);
    // The new article's own shard plus the shards of the documents it changed, never all of them.
    const shardWrites = stateWrites.filter((key) => key.startsWith(SHARD_PREFIX));
    expect(shardWrites.length).toBeLessThan(report.documents.written.length + 2);
    expect(shardWrites.length).toBeLessThan(shardsBefore);

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
    // A quiet run reads no shard (quiet-run.ts), so the damage is found by the next run with something to
    // check: here the source lists one article as touched (same bytes, a new modification time).
    const [touchedKey, touchedFile] = [...source.files][0] ?? [];
    if (!touchedKey || !touchedFile) throw new Error("no article");
    source.put(touchedKey, touchedFile.body, "2026-02-01T00:00:00.000Z");

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

  it("keeps each body apart, reads only the bodies of documents it renders, and deletes those no article names", async () => {
    const source = seeds();
    const store = new ReadRecordingStore();
    const first = await run(source, store);
    const bodiesAfterFirst = bodyKeys(store);
    expect(bodiesAfterFirst).toHaveLength(first.articles.published);

    // Nothing new: no body is read.
    store.reads = [];
    await run(source, store);
    expect(store.reads.filter((key) => key.startsWith(BODY_PREFIX))).toEqual([]);

    // An edited article: its old body goes, the new one is stored, and only what renders reads bodies.
    const key = "politics/sample-parliament-session.txt";
    const text = new TextDecoder().decode(await source.read(key));
    source.put(key, text.replace("not real news", "not real news at all"));
    store.reads = [];
    const edited = await run(source, store);
    expect(runSucceeded(edited)).toBe(true);
    expect(edited.articles.parsed).toBe(1);
    expect(bodyKeys(store)).toHaveLength(bodiesAfterFirst.length);
    expect(bodyKeys(store)).not.toEqual(bodiesAfterFirst);
    expect(edited.documents.written.length).toBeGreaterThan(0);
  });

  it("fails the documents whose article body is missing, says so, and reads the article again next run", async () => {
    const source = seeds();
    const store = new MemoryFeedStore();
    await run(source, store);
    const site = documents(store);
    await store.delete(bodyKeys(store));
    // Nothing of the site is rendered while nothing changed: the loss is found when a page must render.
    await store.delete(["index.html"]);
    const broken = await run(source, store);
    expect(runSucceeded(broken)).toBe(false);
    expect(broken.documents.failed.map((f) => f.reason).join(" ")).toContain("missing from the state");
    const repaired = await run(source, store);
    expect(runSucceeded(repaired)).toBe(true);
    expect(repaired.articles.parsed).toBeGreaterThan(0);
    expect(documents(store)).toEqual(site);
    expect((await run(source, store)).articles.parsed).toBe(0);
  });

  it("takes over a version 3 state (whole articles in its shards) without rewriting a document", async () => {
    const source = seeds();
    const store = new RecordingStore();
    await run(source, store);
    const site = documents(store);
    const state = (await new ManifestStateStore(store).load()).state;
    if (!state) throw new Error("no state");
    // The same state as version 3 stored it: one shard of whole articles (bodies read back first).
    const states = new ManifestStateStore(store);
    await states.bodies.acquire(
      Object.values(state.articles).flatMap(({ article }) => slotOfOrNone(article)),
    );
    const whole = JSON.parse(encodeManifest(state)) as Record<string, unknown>;
    const shard = new TextEncoder().encode(
      JSON.stringify({
        articles: whole.articles,
        documents: whole.documents,
        inputs: whole.inputs,
        firstSeen: whole.firstSeen,
      }),
    );
    for (const key of [...store.objects.keys()]) if (key.startsWith("_state/")) await store.delete([key]);
    const put = (key: string, body: Uint8Array) =>
      store.write({ key, body, contentType: "", cacheControl: "", sha256: "" });
    await put(`${SHARD_PREFIX}v3.json`, shard);
    await put(
      MANIFEST_KEY,
      new TextEncoder().encode(
        JSON.stringify({
          version: 3,
          parseFingerprint: state.parseFingerprint,
          shards: { "00": `${SHARD_PREFIX}v3.json` },
          retired: [],
        }),
      ),
    );
    store.writes = [];
    const report = await run(source, store);
    expect(runSucceeded(report)).toBe(true);
    expect(report.articles.parsed).toBe(0);
    expect(report.documents.written).toEqual([]);
    expect(documents(store)).toEqual(site);
    expect(rootOf(store)?.version).toBe(4);
    expect(bodyKeys(store)).toHaveLength(report.articles.published);
    const next = await run(source, store);
    expect(next.articles.parsed).toBe(0);
    expect(next.documents.written).toEqual([]);
  });
});

const slotOfOrNone = (a: Article) => {
  const slot = slotOf(a);
  return slot ? [slot] : [];
};
