import * as z from "zod";
import { articleSchema } from "../articles/article.js";
import { articleWithBody, BodySlot, bodyHashOf, headOf } from "../articles/article-body.js";
import { sha256Hex } from "./hash.js";
import {
  type CachedArticle,
  emptyAsNull,
  emptyManifest,
  FORMAT_VERSION,
  type Manifest,
  parseJsonBytes,
  sortKeys,
  stateFields,
  WHOLE_ARTICLE_FORMAT_VERSION,
  withBodySlots,
} from "./manifest.js";
import { quietRecordSchema } from "./quiet-run.js";

/**
 * The run state in pieces: a small root (`_state/manifest.json`) naming up to SHARD_COUNT +
 * DOCUMENT_SHARD_COUNT immutable, content-addressed shards (`_state/shards/<sha256>.json`), each holding every state entry of the keys that
 * hash to it. A run rewrites only the shards whose entries changed and then the root, so a small change
 * writes a small part of the state, and no single object grows with the whole site (docs/scale.md).
 */
export const SHARD_COUNT = 256;
export const SHARD_PREFIX = "_state/shards/";

/** A version 3 shard: whole articles (read for migration). */
const wholeArticleShardSchema = z.object(stateFields);

/**
 * A shard: per article key its source etag, its head (what planning reads) and the content address of its
 * body, which is stored apart (`_state/articles/`, article-bodies.ts) and read only to render.
 */
const shardSchema = z.object({
  ...stateFields,
  articles: z.record(
    z.string(),
    z.object({
      etag: emptyAsNull,
      article: articleSchema.omit({ contentHtml: true, summary: true }),
      body: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});

/** A shard as a run holds it: articles with their bodies stored apart (see article-body.ts). */
export type Shard = Omit<z.output<typeof shardSchema>, "articles"> & {
  articles: Record<string, CachedArticle>;
};

const rootSchema = z.object({
  version: z.union([z.literal(FORMAT_VERSION), z.literal(WHOLE_ARTICLE_FORMAT_VERSION)]),
  /** Hash of the settings parsing depends on: when they change, every article is parsed again. */
  parseFingerprint: z.string(),
  /** Shard id (see shardIds) → the key of the object holding it. */
  shards: z.record(z.string(), z.string().startsWith(SHARD_PREFIX)),
  /** Shard counts, when larger than DEFAULT_LAYOUT (absent: the default, as every older root). */
  layout: z
    .object({ articles: z.number().int().positive(), documents: z.number().int().positive() })
    .optional(),
  /**
   * Shard objects the previous root named and this one does not: kept until the next save succeeds, so
   * the last good state stays readable meanwhile, then deleted.
   */
  retired: z.array(z.string().startsWith(SHARD_PREFIX)).default([]),
  /** Left by the last complete run: a run with the same inputs has nothing to do (quiet-run.ts). */
  quiet: quietRecordSchema.optional(),
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

/**
 * How many shards of each kind a state is split into. A fixed count let a shard grow with the site (~390
 * heads at 100k articles), so one change rewrote megabytes of state; the count grows instead, keeping a
 * shard near ARTICLES_PER_SHARD heads or DOCUMENTS_PER_SHARD document entries (docs/scale.md). It never
 * shrinks, so a site hovering at a threshold does not rewrite its whole state back and forth.
 */
export interface ShardLayout {
  articles: number;
  documents: number;
}
export const DEFAULT_LAYOUT: ShardLayout = { articles: SHARD_COUNT, documents: DOCUMENT_SHARD_COUNT };
const ARTICLES_PER_SHARD = 64;
const DOCUMENTS_PER_SHARD = 256;

const powerOfTwoAtLeast = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/** The layout for a state of this size: `previous` or larger, never smaller. */
export function layoutFor(manifest: Manifest, previous: ShardLayout = DEFAULT_LAYOUT): ShardLayout {
  const needed = (count: number, perShard: number) => powerOfTwoAtLeast(Math.ceil(count / perShard));
  return {
    articles: Math.max(previous.articles, needed(Object.keys(manifest.articles).length, ARTICLES_PER_SHARD)),
    documents: Math.max(
      previous.documents,
      needed(Object.keys(manifest.documents).length, DOCUMENTS_PER_SHARD),
    ),
  };
}

export const isDefaultLayout = (layout: ShardLayout): boolean =>
  layout.articles === DEFAULT_LAYOUT.articles && layout.documents === DEFAULT_LAYOUT.documents;

/**
 * Shard ids: under the default layout, two hex digits for articles and `d` + two for documents (as every
 * state before layouts had); under a larger one, `a` or `d` + the hex number. So an id names document
 * entries exactly when it starts with `d` and has three characters or more.
 */
function shardIds(layout: ShardLayout): {
  article: (key: string) => string;
  document: (key: string) => string;
} {
  if (isDefaultLayout(layout))
    return { article: (key) => shardOf(key), document: (key) => `d${shardOf(key, DOCUMENT_SHARD_COUNT)}` };
  return {
    article: (key) => `a${shardOf(key, layout.articles)}`,
    document: (key) => `d${shardOf(key, layout.documents)}`,
  };
}

/** Whether a shard id names document entries (see shardIds). */
export const isDocumentShardId = (id: string): boolean => id.length >= 3 && id.startsWith("d");

const emptyShard = (): Shard => ({ articles: {}, documents: {}, inputs: {}, firstSeen: {} });

/** Splits a whole state into its shards (only those with entries), by shard id. */
export function splitIntoShards(
  manifest: Manifest,
  layout: ShardLayout = DEFAULT_LAYOUT,
): Map<string, Shard> {
  const shards = new Map<string, Shard>();
  const ids = shardIds(layout);
  const shardFor = (id: string) => {
    const shard = shards.get(id) ?? emptyShard();
    shards.set(id, shard);
    return shard;
  };
  for (const [key, value] of Object.entries(manifest.articles))
    shardFor(ids.article(key)).articles[key] = value;
  for (const [key, value] of Object.entries(manifest.documents))
    shardFor(ids.document(key)).documents[key] = value;
  for (const [key, value] of Object.entries(manifest.inputs)) shardFor(ids.document(key)).inputs[key] = value;
  for (const [key, value] of Object.entries(manifest.firstSeen))
    shardFor(ids.article(key)).firstSeen[key] = value;
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
  const articles = Object.fromEntries(
    Object.entries(shard.articles).map(([key, { etag, article }]) => [
      key,
      { etag, article: headOf(article), body: bodyHashOf(article) },
    ]),
  );
  return new TextEncoder().encode(
    `${JSON.stringify({
      articles: sortKeys(articles),
      documents: sortKeys(shard.documents),
      inputs: sortKeys(shard.inputs),
      firstSeen: sortKeys(shard.firstSeen),
    })}\n`,
  );
}

export const shardKeyOf = (body: Uint8Array): string => `${SHARD_PREFIX}${sha256Hex(body)}.json`;

/**
 * A stored shard of a root of `version`; undefined when it is not one (corrupt, cut short, another
 * tool's). Articles come back with their bodies unloaded; a version 3 shard's whole articles keep theirs,
 * to be stored apart at the next save.
 */
export function decodeShard(bytes: Uint8Array, version = FORMAT_VERSION, key?: string): Shard | undefined {
  const json = parseJsonBytes(bytes);
  if (version === WHOLE_ARTICLE_FORMAT_VERSION) {
    const whole = wholeArticleShardSchema.safeParse(json);
    return whole.success ? withBodySlots(whole.data) : undefined;
  }
  // Bytes that hash to their own name are a shard some run of this version validated and wrote (the
  // root's version says which): checking ~100k heads again with zod cost ~6% of a one-new-article run.
  const trusted = json !== undefined && key !== undefined && shardKeyOf(bytes) === key;
  let data: z.output<typeof shardSchema>;
  if (trusted) data = json as z.output<typeof shardSchema>;
  else {
    const parsed = shardSchema.safeParse(json);
    if (!parsed.success) return undefined;
    data = parsed.data;
  }
  const articles: Record<string, CachedArticle> = Object.fromEntries(
    Object.entries(data.articles).map(([key, { etag, article, body }]) => [
      key,
      { etag, article: articleWithBody(article, new BodySlot(body, undefined, true)) },
    ]),
  );
  return { ...data, articles };
}

export function encodeRoot(root: StateRoot): Uint8Array {
  return new TextEncoder().encode(
    `${JSON.stringify({ ...root, shards: sortKeys(root.shards), retired: [...root.retired].sort() })}\n`,
  );
}

/** A stored root of this version or 3; undefined otherwise (an older manifest is read by decodeManifest). */
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
