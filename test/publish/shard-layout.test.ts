// Shard counts grow with the state (src/publish/state-pieces.ts, layoutFor), so a change at 100k articles
// rewrites shards of ~64 heads, not ~390; an existing state keeps its layout until it outgrows it.
import { describe, expect, it } from "vitest";
import { emptyManifest, MANIFEST_KEY, type Manifest } from "../../src/publish/manifest.js";
import type { StoredDocument } from "../../src/publish/ports.js";
import { ManifestStateStore } from "../../src/publish/state.js";
import {
  DEFAULT_LAYOUT,
  decodeRoot,
  isDocumentShardId,
  layoutFor,
  SHARD_PREFIX,
  splitIntoShards,
} from "../../src/publish/state-pieces.js";
import { MemoryFeedStore } from "../../src/store/memory.js";
import { article } from "../site/factories.js";

/** A state of `n` articles, each with its page's document entry. */
function stateOf(n: number): Manifest {
  const state = emptyManifest("f");
  for (let i = 0; i < n; i++) {
    const a = article(i, "2026-01-01T00:00:00Z");
    state.articles[a.key] = { etag: `e${i}`, article: a };
    state.documents[`articles/a${i}.html`] = "0".repeat(64);
    state.inputs[`articles/a${i}.html`] = "1".repeat(64);
    state.firstSeen[a.key] = "2026-01-01T00:00:00Z";
  }
  return state;
}

class CountingStore extends MemoryFeedStore {
  shardBytes = 0;
  shardWrites = 0;
  override async write(doc: StoredDocument, options?: { ifMatch?: string | null }) {
    if (doc.key.startsWith(SHARD_PREFIX)) {
      this.shardWrites++;
      this.shardBytes += doc.body.byteLength;
    }
    await super.write(doc, options);
  }
}

describe("shard layout", () => {
  it("keeps the default for small states, grows in powers of two, and never shrinks", () => {
    expect(layoutFor(stateOf(100))).toEqual(DEFAULT_LAYOUT);
    const big = layoutFor(stateOf(20_000));
    expect(big).toEqual({ articles: 512, documents: 128 });
    expect(layoutFor(stateOf(100), big)).toEqual(big);
  });

  it("names document shards so that they are told apart from article shards in every layout", () => {
    for (const layout of [DEFAULT_LAYOUT, { articles: 4096, documents: 1024 }]) {
      const shards = splitIntoShards(stateOf(300), layout);
      for (const [id, shard] of shards) {
        const holdsDocuments = Object.keys(shard.documents).length > 0;
        expect(isDocumentShardId(id), id).toBe(holdsDocuments);
      }
    }
  });

  it("grows a saved state's layout once, then writes a small part of it per change", async () => {
    const store = new CountingStore();
    const states = new ManifestStateStore(store);
    const small = stateOf(1_000);
    await states.save(small, await states.load(), []);
    expect(decodeRoot(store.objects.get(MANIFEST_KEY)?.body ?? new Uint8Array())?.layout).toBeUndefined();

    const large = stateOf(20_000);
    const loaded = await states.load();
    store.shardWrites = 0;
    await states.save(large, loaded, []);
    const root = decodeRoot(store.objects.get(MANIFEST_KEY)?.body ?? new Uint8Array());
    expect(root?.layout).toEqual({ articles: 512, documents: 128 });
    // Every shard renamed: all written once, the old ones retired.
    expect(store.shardWrites).toBe(Object.keys(root?.shards ?? {}).length);
    expect(root?.retired.length).toBeGreaterThan(0);

    // One more article: its article shard and its page's document shard.
    const again = await states.load();
    expect(Object.keys(again.state?.articles ?? {})).toHaveLength(20_000);
    const next = stateOf(20_001);
    store.shardWrites = 0;
    store.shardBytes = 0;
    await states.save(next, again, []);
    expect(store.shardWrites).toBe(2);
    // ~40 heads per article shard, ~160 entries per document shard: tens of KB, not MB.
    expect(store.shardBytes).toBeLessThan(64 * 1024);
  });
});
