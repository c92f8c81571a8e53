import { z } from "zod";
import type { Article } from "../articles/article.js";
import { compareStrings } from "../order.js";
import { sha256Hex } from "./hash.js";

export const MANIFEST_KEY = "_state/manifest.json";

/**
 * Bump when parsing changes, so cached parse results from an older version are not trusted. Document
 * hashes are hashes of stored bytes and stay valid across versions (they are kept, see decodeManifest).
 */
export const FORMAT_VERSION = 2;

/** The instants our parsers produce; anything else in a stored manifest is not trusted. */
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  .refine((s) => {
    const date = new Date(s);
    return !Number.isNaN(date.getTime()) && date.toISOString().replace(".000Z", "Z") === s;
  });

const articleSchema = z.object({
  key: z.string(),
  id: z.string(),
  slug: z.string(),
  url: z.string().optional(),
  title: z.string(),
  published: instant,
  updated: instant.optional(),
  author: z.string().optional(),
  categories: z.array(z.string()),
  summary: z.string().optional(),
  contentHtml: z.string(),
  image: z.string().optional(),
  meta: z.object({ views: z.number().optional() }),
  undated: z.literal(true).optional(),
  language: z.string().optional(),
});

const manifestSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  /** Hash of the settings parsing depends on: when they change, every article is parsed again. */
  parseFingerprint: z.string(),
  /** Successfully parsed articles by key, with the source etag they were parsed from. */
  articles: z.record(z.string(), z.object({ etag: z.string(), article: articleSchema })),
  /** sha256 of every published document, by key. */
  documents: z.record(z.string(), z.string()),
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

const documentsOnlySchema = z.object({ documents: z.record(z.string(), z.string()) });

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

export type CachedArticle = { etag: string; article: Article };
