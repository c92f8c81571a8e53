import { z } from "zod";
import { type Article, articleSchema, instant } from "../articles/article.js";
import { compareStrings } from "../order.js";
import { sha256Hex } from "./hash.js";

export const MANIFEST_KEY = "_state/manifest.json";

/**
 * Bump when parsing changes, so cached parse results from an older version are not trusted. Document
 * hashes are hashes of stored bytes and stay valid across versions (they are kept, see decodeManifest).
 */
export const FORMAT_VERSION = 2;

/**
 * Older manifests spelled "unknown" as an empty string; an S3 listing can return an empty ETag too, so
 * an empty string must never stand for a state of its own.
 */
const emptyAsNull = z
  .string()
  .nullable()
  .transform((value) => (value === "" ? null : value));

const manifestSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  /** Hash of the settings parsing depends on: when they change, every article is parsed again. */
  parseFingerprint: z.string(),
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
});

export type Manifest = z.output<typeof manifestSchema>;

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
 * Reads a stored manifest. One from another version keeps only its document list (what is stored, so
 * obsolete documents can still be deleted) and its articles are parsed again; anything unreadable counts
 * as no manifest.
 */
export function decodeManifest(bytes: Uint8Array | undefined): Manifest | undefined {
  if (!bytes) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  const parsed = manifestSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const documentsOnly = documentsOnlySchema.safeParse(json);
  return documentsOnly.success
    ? { ...emptyManifest(""), documents: documentsOnly.data.documents }
    : undefined;
}

/** Keys sorted so the same state always serialises to the same bytes. */
export function encodeManifest(manifest: Manifest): string {
  const sortKeys = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareStrings(a, b)));
  return `${JSON.stringify({
    ...manifest,
    articles: sortKeys(manifest.articles),
    documents: sortKeys(manifest.documents),
    inputs: sortKeys(manifest.inputs),
    firstSeen: sortKeys(manifest.firstSeen),
  })}\n`;
}

export function fingerprint(parts: unknown): string {
  return sha256Hex(JSON.stringify([FORMAT_VERSION, parts])).slice(0, 16);
}

export type CachedArticle = { etag: string | null; article: Article };
