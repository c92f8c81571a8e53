import * as z from "zod";
import { articleSchema } from "../articles/article.js";
import { articleWithBody, BodySlot, bodyHashOf, headOf } from "../articles/article-body.js";
import { sha256Hex } from "../publish/hash.js";
import type { ArticleOutcome } from "../publish/ledger.js";
import { parseJsonBytes } from "../publish/manifest.js";
import type { FeedStore } from "../publish/ports.js";

/**
 * The working objects of one parallel rebuild (docs/scale.md, "Beyond one Lambda"): the work list its
 * plan step writes, and the results its parallel steps leave for the step after them. They live beside
 * the run state, under `_state/fanout/<run id>/` (never published, never listed as site documents), and
 * the finish step deletes them; a bucket rule expires any an abandoned rebuild left (infra/bucket.yml).
 */
export const FANOUT_PREFIX = "_state/fanout/";

/** One listed article to read, with the first-seen time the state gives its key (kept as it is). */
export const workItemSchema = z.object({
  key: z.string(),
  etag: z.string(),
  size: z.number(),
  lastModified: z.string(),
  firstSeen: z.string(),
});
export type WorkItem = z.output<typeof workItemSchema>;

/** What reading one batch of the work list found, per key (bodies are stored apart, as in the state). */
const readResultSchema = z.object({
  parsed: z.array(
    z.object({
      key: z.string(),
      etag: z.string(),
      article: articleSchema.omit({ contentHtml: true, summary: true }),
      body: z.string().regex(/^[0-9a-f]{64}$/),
      /** The first-seen time it was parsed with (an undated article's date may be it). */
      firstSeen: z.string(),
    }),
  ),
  /**
   * Rejected or unreadable: merged as a run merges them (the last good version kept, or dropped when new
   * settings reject it); either way the finish step reads them again and reports them.
   */
  skipped: z.array(
    z.object({
      key: z.string(),
      kind: z.enum(["rejected", "unreadable"]),
      reason: z.string(),
      wasParsed: z.boolean(),
    }),
  ),
});
export type ReadResult = z.output<typeof readResultSchema>;

/** What one slice of article pages left stored: hashes and input digests, as the state records them. */
const pagesResultSchema = z.object({
  documents: z.record(z.string(), z.string()),
  inputs: z.record(z.string(), z.string()),
  /** How many of `documents` this slice wrote (the rest were stored with the same bytes already). */
  written: z.number(),
  /**
   * What the state said of each of those keys when the slice planned (absent fields: no entry). The finish
   * step records a page's new hash only if the state still says this; otherwise another run wrote the key
   * meanwhile and it is marked unknown, so it is compared again rather than trusted.
   */
  basedOn: z.record(
    z.string(),
    z.object({ sha256: z.string().nullable().optional(), inputDigest: z.string().optional() }),
  ),
  failed: z.array(z.object({ key: z.string(), reason: z.string() })),
});
export type PagesResult = z.output<typeof pagesResultSchema>;

export const workListKey = (runId: string): string => `${FANOUT_PREFIX}${runId}/work.json`;
/** Named by content: a retried batch that read the same thing writes the same object. */
export const readResultKey = (runId: string, bytes: Uint8Array): string =>
  `${FANOUT_PREFIX}${runId}/read/${sha256Hex(bytes)}.json`;
export const pagesResultKey = (runId: string, slice: number): string =>
  `${FANOUT_PREFIX}${runId}/pages/${slice}.json`;

/** A run id names a folder: letters, digits and dashes only, so no event can point outside the run's own. */
export const runIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,100}$/);

/** A batch's outcomes, each parsed one with the first-seen time it was parsed with. */
export function encodeReadResult(
  outcomes: readonly ArticleOutcome[],
  firstSeen: Readonly<Record<string, string>>,
): Uint8Array {
  const result: ReadResult = { parsed: [], skipped: [] };
  for (const outcome of outcomes) {
    if (outcome.kind === "parsed")
      result.parsed.push({
        key: outcome.key,
        etag: outcome.etag,
        article: headOf(outcome.article),
        body: bodyHashOf(outcome.article),
        firstSeen: firstSeen[outcome.key] ?? "",
      });
    else if (outcome.kind === "rejected" || outcome.kind === "unreadable")
      result.skipped.push({
        key: outcome.key,
        kind: outcome.kind,
        reason: outcome.reason,
        wasParsed: outcome.kind === "rejected" && outcome.wasParsed,
      });
  }
  return jsonBytes(result);
}

/**
 * A read result's outcomes as the state merges them (heads; bodies stored apart). A parsed article whose
 * first-seen time is not `firstSeen`'s (another run recorded its key first meanwhile) is left out: its
 * date may rest on the other time, so the finish step reads it again.
 */
export function outcomesOf(
  result: ReadResult,
  firstSeen: Readonly<Record<string, string>>,
): ArticleOutcome[] {
  const parsed: ArticleOutcome[] = result.parsed
    .filter((entry) => entry.firstSeen === firstSeen[entry.key])
    .map(({ key, etag, article, body }) => ({
      kind: "parsed",
      key,
      etag,
      article: articleWithBody(article, new BodySlot(body, undefined, true)),
    }));
  const skipped: ArticleOutcome[] = result.skipped.map(({ key, kind, reason, wasParsed }) =>
    kind === "rejected" ? { kind, key, reason, wasParsed } : { kind, key, reason },
  );
  return [...parsed, ...skipped];
}

export const encodePagesResult = (result: PagesResult): Uint8Array => jsonBytes(result);

export const jsonBytes = (value: unknown): Uint8Array =>
  new TextEncoder().encode(`${JSON.stringify(value)}\n`);

/** Writes a working object (private, never cached). */
export async function putWorkingObject(store: FeedStore, key: string, body: Uint8Array): Promise<void> {
  await store.write({
    key,
    body,
    contentType: "application/json",
    cacheControl: "no-store",
    sha256: sha256Hex(body),
  });
}

/** A working object a previous step wrote, or undefined when there is none; a malformed one is an error. */
export async function findWorkingObject<T>(
  store: FeedStore,
  key: string,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  const object = await store.read(key);
  if (!object) return undefined;
  const parsed = schema.safeParse(parseJsonBytes(object.body));
  if (!parsed.success) throw new Error(`${key}: not a working object of this version`);
  return parsed.data;
}

/** A working object a previous step wrote; a missing one is an error naming it. */
export async function getWorkingObject<T>(store: FeedStore, key: string, schema: z.ZodType<T>): Promise<T> {
  const found = await findWorkingObject(store, key, schema);
  if (found === undefined)
    throw new Error(`${key}: missing (was the rebuild's earlier step run, and not cleaned up since?)`);
  return found;
}

export const readResultOf = (store: FeedStore, key: string) => getWorkingObject(store, key, readResultSchema);
/** Undefined once recorded (the finish step deletes it then). */
export const pagesResultOf = (store: FeedStore, key: string) =>
  findWorkingObject(store, key, pagesResultSchema);
export const workListOf = (store: FeedStore, runId: string) =>
  getWorkingObject(store, workListKey(runId), z.array(workItemSchema));
