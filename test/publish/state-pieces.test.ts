import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyHashOf, headOf } from "../../src/articles/article-body.js";
import { emptyManifest, type Manifest } from "../../src/publish/manifest.js";
import {
  decodeRoot,
  decodeShard,
  encodeRoot,
  encodeShard,
  joinShards,
  SHARD_COUNT,
  shardKeyOf,
  shardOf,
  splitIntoShards,
} from "../../src/publish/state-pieces.js";
import { article } from "../site/factories.js";

const hex = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 8, maxLength: 8 });
// Any string but `__proto__`, which zod's record parsing drops (it assigns keys): state keys are article
// keys, which carry an extension, and our own document keys, so `__proto__` never is one.
const key = fc
  .oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom("rss.xml", "a b/ü.txt"))
  .filter((k) => k !== "__proto__");
const instant = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) })
  .map((ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));

const manifestArb: fc.Arbitrary<Manifest> = fc
  .record({
    articles: fc.dictionary(
      key,
      fc.record({
        etag: fc.option(hex, { nil: null }),
        article: fc.tuple(fc.nat(999), instant).map(([n, at]) => article(n, at)),
      }),
    ),
    documents: fc.dictionary(key, fc.option(hex, { nil: null })),
    inputs: fc.dictionary(key, hex),
    firstSeen: fc.dictionary(key, instant),
  })
  .map((fields) => ({ ...emptyManifest("f"), ...fields }));

/** The same record with its keys inserted in reverse order. */
const reversed = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).reverse());

describe("the run state in pieces", () => {
  it("round-trips any state through its shards, and the same state always gives the same shard bytes", () => {
    fc.assert(
      fc.property(manifestArb, (manifest) => {
        const shards = splitIntoShards(manifest);
        const decoded = [...shards.values()].map((shard) => decodeShard(encodeShard(shard)));
        expect(decoded.every((shard) => shard !== undefined)).toBe(true);
        // Bodies come back unloaded (stored apart): heads and body addresses round-trip.
        const bare = (state: Manifest) =>
          Object.fromEntries(
            Object.entries(state.articles).map(([k, { etag, article: a }]) => [
              k,
              { etag, head: headOf(a), body: bodyHashOf(a) },
            ]),
          );
        const joined = joinShards(
          "f",
          decoded.flatMap((shard) => (shard ? [shard] : [])),
        );
        expect(bare(joined)).toEqual(bare(manifest));
        expect({ ...joined, articles: {} }).toEqual({ ...manifest, articles: {} });
        const shuffled = splitIntoShards({
          ...manifest,
          articles: reversed(manifest.articles),
          documents: reversed(manifest.documents),
        });
        for (const [id, shard] of shards)
          expect(shardKeyOf(encodeShard(shuffled.get(id) ?? shard))).toBe(shardKeyOf(encodeShard(shard)));
      }),
    );
  });

  it("puts every key's entries in one of SHARD_COUNT shards, the same one every time", () => {
    fc.assert(
      fc.property(fc.string(), (k) => {
        const id = shardOf(k);
        expect(Number.parseInt(id, 16)).toBeLessThan(SHARD_COUNT);
        expect(id).toMatch(/^[0-9a-f]{2}$/);
        expect(shardOf(k)).toBe(id);
      }),
    );
    // Pinned: a stored state names shards by this function, so it must never change silently.
    expect([shardOf(""), shardOf("a1.txt")]).toEqual(["c5", "41"]);
  });

  it("refuses a corrupt shard or root instead of taking part of it", () => {
    const shard = encodeShard(
      [...splitIntoShards({ ...emptyManifest("f"), documents: { "rss.xml": "ab" } }).values()][0] ?? {
        articles: {},
        documents: {},
        inputs: {},
        firstSeen: {},
      },
    );
    expect(decodeShard(shard)).toBeDefined();
    expect(decodeShard(shard.slice(0, shard.length - 3))).toBeUndefined();
    expect(decodeShard(new TextEncoder().encode('{"articles":{"a":{"etag":"1"}}}'))).toBeUndefined();
    // Read under its own name, a shard is taken as written (its hash proves it); a shard whose bytes do
    // not match the name it is read under is checked against the schema as before.
    const key = shardKeyOf(shard);
    expect(decodeShard(shard, undefined, key)).toEqual(decodeShard(shard));
    const forged = new TextEncoder().encode('{"articles":{"a":{"etag":"1"}}}');
    expect(decodeShard(forged, undefined, key)).toBeUndefined();
    const root = {
      version: 3 as const,
      parseFingerprint: "f",
      shards: { "00": "_state/shards/x.json" },
      retired: [],
    };
    expect(decodeRoot(encodeRoot(root))).toEqual(root);
    expect(decodeRoot(encodeRoot({ ...root, shards: { "00": "../elsewhere.json" } }))).toBeUndefined();
  });
});
