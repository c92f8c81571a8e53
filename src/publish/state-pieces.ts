import { z } from "zod";
import { sha256Hex } from "./hash.js";
import {
  emptyManifest,
  FORMAT_VERSION,
  type Manifest,
  parseJsonBytes,
  sortKeys,
  stateFields,
} from "./manifest.js";

/**
 * The run state in pieces: a small root (`_state/manifest.json`) naming up to SHARD_COUNT +
 * DOCUMENT_SHARD_COUNT immutable, content-addressed shards (`_state/shards/<sha256>.json`), each holding every state entry of the keys that
 * hash to it. A run rewrites only the shards whose entries changed and then the root, so a small change
 * writes a small part of the state, and no single object grows with the whole site (docs/scale.md).
 */
export const SHARD_COUNT = 256;
export const SHARD_PREFIX = "_state/shards/";

const shardSchema = z.object(stateFields);
export type Shard = z.output<typeof shardSchema>;

const rootSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  /** Hash of the settings parsing depends on: when they change, every article is parsed again. */
  parseFingerprint: z.string(),
  /** Shard id (two hex digits; `d` and two for document entries) → the key of the object holding it. */
  shards: z.record(z.string(), z.string().startsWith(SHARD_PREFIX)),
  /**
   * Shard objects the previous root named and this one does not: kept until the next save succeeds, so
   * the last good state stays readable meanwhile, then deleted.
   */
  retired: z.array(z.string().startsWith(SHARD_PREFIX)).default([]),
});
export type StateRoot = z.output<typeof rootSchema>;

/**
 * Which shard a key's entries live in. FNV-1a over UTF-16 code units: stable across runs and versions and
 * far cheaper than a cryptographic hash, which a run would pay for every key.
 */
export function shardOf(key: string, count = SHARD_COUNT): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) % count).toString(16).padStart(2, "0");
}

/**
 * Document entries (a hash and an input digest, ~150 bytes) live in shards of their own, apart from the
 * article entries that carry whole parsed articles: one new article changes a dozen documents, and their
 * entries then rewrite a dozen small shards, not a dozen shards full of articles.
 */
export const DOCUMENT_SHARD_COUNT = 64;
const documentShardOf = (key: string) => `d${shardOf(key, DOCUMENT_SHARD_COUNT)}`;
/** Whether a shard id names document entries (`d` + two hex digits; article shard ids are two hex digits). */
export const isDocumentShardId = (id: string): boolean => id.length === 3 && id.startsWith("d");

const emptyShard = (): Shard => ({ articles: {}, documents: {}, inputs: {}, firstSeen: {} });

/** Splits a whole state into its shards (only those with entries), by shard number. */
export function splitIntoShards(manifest: Manifest): Map<string, Shard> {
  const shards = new Map<string, Shard>();
  const shardFor = (key: string, id = shardOf(key)) => {
    const shard = shards.get(id) ?? emptyShard();
    shards.set(id, shard);
    return shard;
  };
  for (const [key, value] of Object.entries(manifest.articles)) shardFor(key).articles[key] = value;
  for (const [key, value] of Object.entries(manifest.documents))
    shardFor(key, documentShardOf(key)).documents[key] = value;
  for (const [key, value] of Object.entries(manifest.inputs))
    shardFor(key, documentShardOf(key)).inputs[key] = value;
  for (const [key, value] of Object.entries(manifest.firstSeen)) shardFor(key).firstSeen[key] = value;
  return shards;
}

/** The whole state from its root and shards (a missing shard simply contributes nothing). */
export function joinShards(parseFingerprint: string, shards: Iterable<Shard>): Manifest {
  const manifest = emptyManifest(parseFingerprint);
  for (const shard of shards) {
    Object.assign(manifest.articles, shard.articles);
    Object.assign(manifest.documents, shard.documents);
    Object.assign(manifest.inputs, shard.inputs);
    Object.assign(manifest.firstSeen, shard.firstSeen);
  }
  return manifest;
}

/** A shard's bytes (keys sorted: the same entries always give the same bytes, hence the same name). */
export function encodeShard(shard: Shard): Uint8Array {
  return new TextEncoder().encode(
    `${JSON.stringify({
      articles: sortKeys(shard.articles),
      documents: sortKeys(shard.documents),
      inputs: sortKeys(shard.inputs),
      firstSeen: sortKeys(shard.firstSeen),
    })}\n`,
  );
}

export const shardKeyOf = (body: Uint8Array): string => `${SHARD_PREFIX}${sha256Hex(body)}.json`;

/** A stored shard; undefined when it is not one (corrupt, cut short, another tool's). */
export function decodeShard(bytes: Uint8Array): Shard | undefined {
  const parsed = shardSchema.safeParse(parseJsonBytes(bytes));
  return parsed.success ? parsed.data : undefined;
}

export function encodeRoot(root: StateRoot): Uint8Array {
  return new TextEncoder().encode(
    `${JSON.stringify({ ...root, shards: sortKeys(root.shards), retired: [...root.retired].sort() })}\n`,
  );
}

/** A stored root of this version; undefined otherwise (an older manifest is read by decodeManifest). */
export function decodeRoot(bytes: Uint8Array): StateRoot | undefined {
  const parsed = rootSchema.safeParse(parseJsonBytes(bytes));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Whether two shards hold the same entries. Articles reused from the loaded state are the very objects it
 * decoded, so a quiet run tells its shards unchanged without encoding them again.
 */
export function sameShard(a: Shard, b: Shard): boolean {
  const sameRecord = <T>(x: Record<string, T>, y: Record<string, T>, same: (p: T, q: T) => boolean) => {
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    return keys.every((key) => key in y && same(x[key] as T, y[key] as T));
  };
  const is = <T>(p: T, q: T) => p === q;
  return (
    sameRecord(a.articles, b.articles, (p, q) => p.etag === q.etag && p.article === q.article) &&
    sameRecord(a.documents, b.documents, is) &&
    sameRecord(a.inputs, b.inputs, is) &&
    sameRecord(a.firstSeen, b.firstSeen, is)
  );
}
