import * as z from "zod";
import { type Article, articleSchema, instant } from "../articles/article.js";
import { wholeArticle, withBodySlot } from "../articles/article-body.js";
import { compareStrings } from "../order.js";
import { sha256Hex } from "./hash.js";

/** The root of the run state (see state-pieces.ts); before version 3 it held the whole state. */
export const MANIFEST_KEY = "_state/manifest.json";

/**
 * How the state is stored. Version 3 splits it into a small root and content-addressed shards; version 4
 * keeps article heads in the shards and bodies apart (article-bodies.ts). A version 2 manifest (one
 * object) and a version 3 state are still read, once, and taken over as they are.
 */
export const FORMAT_VERSION = 4;
/** Shards holding whole articles, read for migration. */
export const WHOLE_ARTICLE_FORMAT_VERSION = 3;
/** The version the one-object manifest had; read for migration only. */
export const LEGACY_FORMAT_VERSION = 2;

/**
 * Bump when parsing changes, so cached parse results from an older version are not trusted. Kept apart from
 * FORMAT_VERSION so a change of storage layout does not parse every article again.
 */
const PARSE_VERSION = 2;

/**
 * Older manifests spelled "unknown" as an empty string; an S3 listing can return an empty ETag too, so
 * an empty string must never stand for a state of its own.
 */
export const emptyAsNull = z
  .string()
  .nullable()
  .transform((value) => (value === "" ? null : value));

/**
 * What the state knew, field by field, before bodies were stored apart (versions 2 and 3): the same
 * fields per key in a shard as in a whole manifest.
 */
export const stateFields = {
  /**
   * Successfully parsed articles by key, with the source etag they were parsed from; `null` when the
   * article must be read again next run (its last good version is kept while the stored file is broken).
   */
  articles: z.record(z.string(), z.object({ etag: emptyAsNull, article: articleSchema })),
  /**
   * sha256 of every published document, by key; `null` when the document is stored but its bytes are not
   * known (after a lost race for the manifest): the next run rewrites it if planned and deletes it if not.
   */
  documents: z.record(z.string(), emptyAsNull),
  /** The input digest each stored document was rendered from, by key (see PlannedDocument.inputDigest). */
  inputs: z.record(z.string(), z.string()).default({}),
  /** When each article key was first seen (the `undated: "first-seen"` instant; never changes). */
  firstSeen: z.record(z.string(), instant).default({}),
};

const legacyManifestSchema = z.object({
  version: z.literal(LEGACY_FORMAT_VERSION),
  /** Hash of the settings parsing depends on: when they change, every article is parsed again. */
  parseFingerprint: z.string(),
  ...stateFields,
});

/** The whole run state as a run holds it in memory (stored in pieces, see state-pieces.ts). */
export type Manifest = Omit<z.output<typeof legacyManifestSchema>, "version"> & { version: number };

export const emptyManifest = (parseFingerprint: string): Manifest => ({
  version: FORMAT_VERSION,
  parseFingerprint,
  articles: {},
  documents: {},
  inputs: {},
  firstSeen: {},
});

const documentsOnlySchema = z.object({ documents: z.record(z.string(), emptyAsNull) });

/**
 * Reads a one-object manifest (version 2). One from another version keeps only its document list (what is
 * stored, so obsolete documents can still be deleted) and its articles are parsed again; anything
 * unreadable counts as no manifest.
 */
export function decodeManifest(bytes: Uint8Array | undefined): Manifest | undefined {
  if (!bytes) return undefined;
  const json = parseJsonBytes(bytes);
  const parsed = legacyManifestSchema.safeParse(json);
  if (parsed.success) return withBodySlots(parsed.data);
  const documentsOnly = documentsOnlySchema.safeParse(json);
  return documentsOnly.success
    ? { ...emptyManifest(""), documents: documentsOnly.data.documents }
    : undefined;
}

/** A state read with whole articles (an older version): each article's body is kept to be stored apart. */
export function withBodySlots<T extends { articles: Record<string, CachedArticle> }>(state: T): T {
  const articles: Record<string, CachedArticle> = Object.fromEntries(
    Object.entries(state.articles).map(([key, { etag, article }]) => [
      key,
      { etag, article: withBodySlot(article) },
    ]),
  );
  return { ...state, articles };
}

/** JSON from stored bytes; undefined when they are not JSON. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/** A record with its keys sorted, so the same state always serialises to the same bytes. */
export const sortKeys = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareStrings(a, b)));

/** The one-object (version 2) form; kept for tests that stand in for a state an older version saved. */
export function encodeManifest(manifest: Manifest): string {
  return `${JSON.stringify({
    ...manifest,
    version: LEGACY_FORMAT_VERSION,
    // Whole articles, as version 2 held them (a body stored apart is read here: tests load it first).
    articles: sortKeys(
      Object.fromEntries(
        Object.entries(manifest.articles).map(([key, { etag, article }]) => [
          key,
          { etag, article: wholeArticle(article) },
        ]),
      ),
    ),
    documents: sortKeys(manifest.documents),
    inputs: sortKeys(manifest.inputs),
    firstSeen: sortKeys(manifest.firstSeen),
  })}\n`;
}

export function fingerprint(parts: unknown): string {
  return sha256Hex(JSON.stringify([PARSE_VERSION, parts])).slice(0, 16);
}

export type CachedArticle = { etag: string | null; article: Article };
