import type { Article, ArticleError, ParseContext } from "../articles/article.js";
import { dedupeArticles } from "../articles/dedupe.js";
import { isArticleKey, parseArticle } from "../articles/parse.js";
import type { Config } from "../config.js";
import { jsonProblem, xmlProblem } from "../feeds/verify.js";
import { type PlannedDocument, planSite } from "../site/plan.js";
import { mapLimit } from "./concurrency.js";
import { sha256Hex } from "./hash.js";
import {
  type CachedArticle,
  decodeManifest,
  emptyManifest,
  encodeManifest,
  fingerprint,
  MANIFEST_KEY,
  type Manifest,
} from "./manifest.js";
import type { ArticleSource, FeedStore, SourceEntry, StoredDocument } from "./ports.js";
import { PreconditionFailedError } from "./ports.js";
import type { PublishReport } from "./report.js";
import { type Announcer, announceAll, changedFeedTopics } from "./websub.js";

export interface PublishInput {
  config: Config;
  source: ArticleSource;
  store: FeedStore;
  /** The clock, read at the edge. Used only to reject articles dated in the future. */
  now: Date;
  dryRun?: boolean;
  /** Ignore the manifest: re-read and re-parse every article and compare every document with the store. */
  full?: boolean;
  /** Config keys left at their defaults, echoed into the report. */
  defaultsUsed?: string[];
  /** Pings WebSub hubs (config `hubs`) for feeds that changed; omitted: no pings. */
  announcer?: Announcer;
}

const READ_CONCURRENCY = 16;
const WRITE_CONCURRENCY = 8;

const message = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** One run: list → parse what changed → plan → write what differs, in stages → manifest last. */
export async function publish(input: PublishInput): Promise<PublishReport> {
  const started = performance.now();
  const { config, source, store } = input;
  const dryRun = input.dryRun ?? false;
  const ctxBase: Omit<ParseContext, "modifiedTime"> = {
    timeZone: config.timeZone,
    cruftPatterns: config.cruftPatterns,
    baseUrl: config.baseUrl,
    fallbackToModifiedTime: config.fallbackToModifiedTime,
    now: input.now.toISOString(),
    futureToleranceHours: config.futureToleranceHours,
    minYear: config.minYear,
  };
  const parseFingerprint = fingerprint({ ...ctxBase, now: undefined });

  const stored = await store.read(MANIFEST_KEY);
  const previous = decodeManifest(stored?.body);
  const trusted = !input.full && previous?.parseFingerprint === parseFingerprint ? previous : undefined;

  // 1. List, and parse only what is new or changed.
  const entries = (await source.list()).filter((entry) => isArticleKey(entry.key));
  const rejected: ArticleError[] = [];
  const cache: Record<string, CachedArticle> = {};
  let parsed = 0;
  let reused = 0;
  const results = await mapLimit(entries, READ_CONCURRENCY, async (entry: SourceEntry) => {
    const cached = trusted?.articles[entry.key];
    if (cached && cached.etag === entry.etag) {
      reused++;
      return { entry, article: cached.article };
    }
    if (entry.size > config.maxArticleBytes) {
      return {
        entry,
        error: {
          key: entry.key,
          reason: `too large: ${entry.size} bytes (maxArticleBytes is ${config.maxArticleBytes})`,
        },
      };
    }
    parsed++;
    try {
      const bytes = await source.read(entry.key);
      const result = parseArticle(entry.key, bytes, { ...ctxBase, modifiedTime: entry.lastModified });
      return result.ok ? { entry, article: result.article } : { entry, error: result.error };
    } catch (error) {
      return { entry, error: { key: entry.key, reason: `could not be read: ${message(error)}` } };
    }
  });
  const articles: Article[] = [];
  for (const result of results) {
    if (result.article) {
      articles.push(result.article);
      cache[result.entry.key] = { etag: result.entry.etag, article: result.article };
    } else if (result.error) rejected.push(result.error);
  }
  const deduped = dedupeArticles(articles);
  rejected.push(...deduped.rejected);
  for (const error of deduped.rejected) delete cache[error.key];
  rejected.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  // 2. Plan every document; keep those whose bytes differ from what is published, and check each of those
  // strictly before anything is written (fail closed). Unchanged documents were checked when first written.
  const planned = planSite(deduped.articles, config);
  const known = trusted?.documents ?? (input.full ? {} : (previous?.documents ?? {}));
  const failed: { key: string; reason: string }[] = [];
  const nextDocuments: Record<string, string> = {};
  const written: string[] = [];
  let unchanged = 0;
  let bytesWritten = 0;
  const encoded = planned.map((doc) => {
    const body = new TextEncoder().encode(doc.body);
    return { ...doc, body, sha256: sha256Hex(body) };
  });
  const sameAsStored = await mapLimit(encoded, READ_CONCURRENCY, (doc) =>
    isUnchanged(doc, known, store, input.full ?? false),
  );
  const changed: (StoredDocument & { stage: number })[] = [];
  encoded.forEach((doc, index) => {
    if (sameAsStored[index]) {
      unchanged++;
      nextDocuments[doc.key] = doc.sha256;
      return;
    }
    const problem = verify(doc.format, planned[index]?.body ?? "");
    if (problem)
      failed.push({ key: doc.key, reason: `generated document is invalid, not written: ${problem}` });
    else changed.push(doc);
  });

  // 3. Write what differs, stage by stage; a failed stage stops the later ones so nothing links to a gap.
  const stages = [...new Set(changed.map((d) => d.stage))].sort((a, b) => a - b);
  // A document that failed verification is skipped (its previous, valid version stays published); only a
  // failed write stops the later stages, because later documents may link to the one that is missing.
  let stopped = false;
  for (const stage of stages) {
    const batch = changed.filter((d) => d.stage === stage);
    if (stopped) {
      for (const doc of batch) failed.push({ key: doc.key, reason: "not written: an earlier stage failed" });
      continue;
    }
    await mapLimit(batch, WRITE_CONCURRENCY, async (doc) => {
      if (dryRun) {
        written.push(doc.key);
        return;
      }
      try {
        const { stage: _, ...document } = doc;
        await store.write(document);
        written.push(doc.key);
        bytesWritten += doc.body.byteLength;
        nextDocuments[doc.key] = doc.sha256;
      } catch (error) {
        failed.push({ key: doc.key, reason: `write failed: ${message(error)}` });
        stopped = true;
      }
    });
  }

  // 4. Remove documents that are no longer planned (an article or category that went away).
  const plannedKeys = new Set(planned.map((d) => d.key));
  const deleted = Object.keys(previous?.documents ?? {})
    .filter((key) => !plannedKeys.has(key))
    .sort();
  if (!dryRun && !stopped && deleted.length > 0) {
    try {
      await store.delete(deleted);
    } catch (error) {
      failed.push({ key: deleted[0] as string, reason: `delete failed: ${message(error)}` });
      for (const key of deleted) nextDocuments[key] = previous?.documents[key] ?? "";
    }
  }

  // 5. The manifest last, conditionally: an overlapping run that wrote first makes this one fail loudly.
  // An unchanged state is not rewritten either, so a quiet run costs a listing and one GET, no PUT.
  const manifest: Manifest = {
    ...emptyManifest(parseFingerprint),
    articles: cache,
    documents: nextDocuments,
  };
  const manifestBody = new TextEncoder().encode(encodeManifest(manifest));
  const manifestUnchanged = stored !== undefined && Buffer.from(stored.body).equals(manifestBody);
  if (!dryRun && !manifestUnchanged) {
    try {
      await store.write(
        {
          key: MANIFEST_KEY,
          body: manifestBody,
          contentType: "application/json",
          cacheControl: "no-store",
          sha256: sha256Hex(manifestBody),
        },
        { ifMatch: stored?.etag ?? null },
      );
    } catch (error) {
      const reason =
        error instanceof PreconditionFailedError
          ? "another run updated the manifest during this run; run again to reconcile"
          : `write failed: ${message(error)}`;
      failed.push({ key: MANIFEST_KEY, reason });
    }
  }

  // 6. Announce changed feeds; a failed ping is reported, never fatal (subscribers still poll).
  const topics = changedFeedTopics(written, config.baseUrl);
  const websub =
    !dryRun && input.announcer && config.hubs.length > 0 && topics.length > 0
      ? await announceAll(input.announcer, config.hubs, topics)
      : { notified: 0, failed: [] };

  return {
    source: source.location,
    output: store.location,
    dryRun,
    defaultsUsed: input.defaultsUsed ?? [],
    articles: {
      seen: entries.length,
      parsed,
      reused,
      published: deduped.articles.length,
      rejected,
    },
    documents: { written: written.sort(), unchanged, deleted: dryRun || stopped ? [] : deleted, failed },
    bytesWritten,
    websub,
    durationMs: Math.round(performance.now() - started),
  };
}

function verify(format: PlannedDocument["format"], text: string): string | undefined {
  if (format === "xml") return xmlProblem(text);
  if (format === "json") return jsonProblem(text);
  return undefined;
}

/**
 * A document is unchanged when the manifest records the same hash. A full run does not trust the
 * manifest and compares with what is actually stored, which repairs objects deleted or edited by hand.
 */
async function isUnchanged(
  doc: StoredDocument,
  known: Record<string, string>,
  store: FeedStore,
  full: boolean,
): Promise<boolean> {
  if (!full) return known[doc.key] === doc.sha256;
  const current = await store.read(doc.key);
  return current !== undefined && sha256Hex(current.body) === doc.sha256;
}
