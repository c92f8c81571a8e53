import type { Article, ArticleError, ParseContext } from "../articles/article.js";
import { dedupeArticles } from "../articles/dedupe.js";
import { isArticleKey, parseArticle } from "../articles/parse.js";
import { readingContextFor } from "../articles/reading/source-rules.js";
import type { Config } from "../config.js";
import { jsonProblem, xmlProblem } from "../feeds/verify.js";
import { byKey } from "../order.js";
import { type PlannedDocument, planSite } from "../site/plan.js";
import { mapLimit } from "./concurrency.js";
import { firstSeenTimes } from "./first-seen.js";
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
import type { ArticleSource, FeedStore, SourceEntry } from "./ports.js";
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
const MANIFEST_ATTEMPTS = 3;

type Failure = { key: string; reason: string };

const message = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** One run: list → parse what changed → plan → write what differs, in stages → manifest last → announce. */
export async function publish(input: PublishInput): Promise<PublishReport> {
  const started = performance.now();
  const { config, source, store } = input;
  const dryRun = input.dryRun ?? false;
  const ctx: Omit<ParseContext, "modifiedTime"> = {
    timeZone: config.timeZone,
    cruftPatterns: config.cruftPatterns,
    baseUrl: config.baseUrl,
    fallbackToModifiedTime: config.fallbackToModifiedTime,
    now: input.now.toISOString(),
    futureToleranceHours: config.futureToleranceHours,
    minYear: config.minYear,
  };
  const reading = {
    builtin: config.builtinCruftPatterns,
    undated: config.undated,
    dateOrder: config.dateOrder,
    detectLanguage: config.detectLanguage,
    sources: config.sources,
    language: config.language,
  };
  const parseFingerprint = fingerprint({
    ...ctx,
    now: undefined,
    maxArticleBytes: config.maxArticleBytes,
    reading,
  });

  const stored = await store.read(MANIFEST_KEY);
  const previous = decodeManifest(stored?.body);
  const failed: Failure[] = [];

  // 1. Articles: reuse what did not change, parse the rest.
  const entries = (await source.list()).filter((entry) => isArticleKey(entry.key));
  const publishedBefore = Object.keys(previous?.articles ?? {}).length;
  if (entries.length === 0 && publishedBefore > 0) {
    // An empty listing is far likelier a wrong location (a typo in a prefix) than a newsroom that deleted
    // everything; unpublishing the whole site on it would be the worst possible reading.
    failed.push({
      key: source.location,
      reason: `no articles found here, but ${publishedBefore} are published; nothing was changed (check the source location, or delete the output to start over)`,
    });
    return emptyRunReport(input, failed, started);
  }
  const firstSeen = firstSeenTimes(
    previous?.firstSeen,
    entries.map((entry) => entry.key),
    input.now,
  );
  const collected = await collectArticles(entries, source, config, ctx, firstSeen, {
    reusable: !input.full && previous?.parseFingerprint === parseFingerprint ? previous.articles : {},
    lastGood: previous?.articles ?? {},
    sameSettings: previous?.parseFingerprint === parseFingerprint,
  });
  failed.push(...collected.unreadable);
  const deduped = dedupeArticles(collected.articles);
  for (const error of deduped.rejected) delete collected.cache[error.key];
  const rejected = [...collected.rejected, ...deduped.rejected].sort(byKey);

  // 2. Plan every document. Bodies are rendered lazily, one document at a time in 3, so a large site never
  // holds all its pages and archives in memory at once.
  const planned = planSite(deduped.articles, config);
  const previousDocuments = previous?.documents ?? {};
  // The manifest records what is actually stored: start from the last known state and update it with
  // every write and delete that succeeds, so nothing is forgotten when a write or delete fails.
  const documents: Record<string, string> = { ...previousDocuments };
  const previousInputs = previous?.inputs ?? {};
  const inputs: Record<string, string> = {};

  // 3. Stage by stage: render, compare with what is stored, check strictly (fail closed), write. A document
  // that fails its check keeps its previous version; one that never existed is missing, and so is every new
  // document that links to a missing one (held back in this and later stages). A failed write stops the
  // later stages, which may link to it. (Within one stage only archives link to each other, and a failure
  // there at worst leaves a prev/next link dangling until the next run.)
  const written: string[] = [];
  const missingUrls: string[] = [];
  let unchanged = 0;
  let bytesWritten = 0;
  let stopped = false;
  for (const stage of [...new Set(planned.map((d) => d.stage))].sort((a, b) => a - b)) {
    const stopsBefore = stopped;
    await mapLimit(
      planned.filter((d) => d.stage === stage),
      WRITE_CONCURRENCY,
      async (doc) => {
        // Same inputs as the stored version: same bytes, so not even rendered (a full run re-renders all).
        const inputDigest = doc.inputDigest;
        if (!input.full && previousInputs[doc.key] === inputDigest && previousDocuments[doc.key]) {
          unchanged++;
          inputs[doc.key] = inputDigest;
          return;
        }
        const body = doc.body;
        const sha256 = sha256Hex(body);
        const same = input.full
          ? await matchesStore(doc.key, sha256, store)
          : previousDocuments[doc.key] === sha256;
        if (same) {
          unchanged++;
          documents[doc.key] = sha256;
          inputs[doc.key] = inputDigest;
          return;
        }
        const problem = verify(doc.format, body);
        const dangling = problem ? undefined : missingUrls.find((url) => body.includes(url));
        if (problem || dangling) {
          const reason = problem
            ? `generated document is invalid, not written: ${problem}`
            : `not written: links to ${dangling}, which could not be written`;
          failed.push({ key: doc.key, reason });
          if (!(doc.key in previousDocuments)) missingUrls.push(config.baseUrl + doc.key);
          return;
        }
        if (stopsBefore) {
          failed.push({ key: doc.key, reason: "not written: an earlier stage failed" });
          return;
        }
        if (!dryRun) {
          const bytes = new TextEncoder().encode(body);
          try {
            await store.write({
              key: doc.key,
              body: bytes,
              contentType: doc.contentType,
              cacheControl: doc.cacheControl,
              sha256,
            });
          } catch (error) {
            failed.push({ key: doc.key, reason: `write failed: ${message(error)}` });
            stopped = true;
            return;
          }
          bytesWritten += bytes.byteLength;
          documents[doc.key] = sha256;
          inputs[doc.key] = inputDigest;
        }
        written.push(doc.key);
      },
    );
  }

  // 5. Remove documents no longer planned (an article or category that went away), once all is written.
  const plannedKeys = new Set(planned.map((d) => d.key));
  const obsolete = Object.keys(previousDocuments)
    .filter((key) => !plannedKeys.has(key))
    .sort();
  // Nothing is deleted in a run where anything failed: a held-back document may still link to it, and an
  // unreadable article would otherwise lose its page over a storage hiccup.
  let deleted: string[] = [];
  if (dryRun) deleted = obsolete;
  else if (failed.length === 0 && obsolete.length > 0) {
    try {
      await store.delete(obsolete);
      deleted = obsolete;
      for (const key of obsolete) delete documents[key];
    } catch (error) {
      failed.push({ key: obsolete[0] as string, reason: `delete failed: ${message(error)}` });
    }
  }

  // 6. The manifest last, conditionally, so an overlapping run is noticed instead of overwritten.
  if (!dryRun) {
    const manifest: Manifest = {
      ...emptyManifest(parseFingerprint),
      articles: collected.cache,
      documents,
      inputs,
      firstSeen,
    };
    const problem = await saveManifest(store, manifest, stored, [...written, ...deleted]);
    if (problem) failed.push({ key: MANIFEST_KEY, reason: problem });
  }

  // 7. Announce changed feeds; a failed ping is reported, never fatal (subscribers still poll).
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
      parsed: collected.parsed,
      reused: collected.reused,
      published: deduped.articles.length,
      undated: deduped.articles.filter((article) => article.undated).length,
      rejected,
    },
    documents: {
      written: written.sort(),
      unchanged,
      deleted,
      failed: failed.sort(byKey),
    },
    bytesWritten,
    websub,
    durationMs: Math.round(performance.now() - started),
  };
}

function emptyRunReport(input: PublishInput, failed: Failure[], started: number): PublishReport {
  return {
    source: input.source.location,
    output: input.store.location,
    dryRun: input.dryRun ?? false,
    defaultsUsed: input.defaultsUsed ?? [],
    articles: { seen: 0, parsed: 0, reused: 0, published: 0, undated: 0, rejected: [] },
    documents: { written: [], unchanged: 0, deleted: [], failed },
    bytesWritten: 0,
    websub: { notified: 0, failed: [] },
    durationMs: Math.round(performance.now() - started),
  };
}

interface Collected {
  articles: Article[];
  rejected: ArticleError[];
  /** Articles that could not be read at all (a storage fault, not bad content): the run fails. */
  unreadable: Failure[];
  /** The next manifest's article cache. */
  cache: Record<string, CachedArticle>;
  parsed: number;
  reused: number;
}

/** A cache etag no listing ever returns: the entry is never reused, so the next run reads the key again. */
const RETRY_ETAG = "";

/** A document hash no document has: the next run rewrites the key if it is planned, or deletes it. */
const UNKNOWN_HASH = "";

/**
 * Reads and parses new or changed articles. When a published article cannot be read (a storage fault), or
 * an edit breaks it while the settings stayed the same, its last good version stays published; it is
 * cached under RETRY_ETAG, so every later run reads the stored file again until it is fixed. (A rejection
 * under changed settings, e.g. a higher minYear, is the settings' verdict and unpublishes the article.)
 */
async function collectArticles(
  entries: readonly SourceEntry[],
  source: ArticleSource,
  config: Config,
  ctx: Omit<ParseContext, "modifiedTime">,
  firstSeen: Readonly<Record<string, string>>,
  known: {
    reusable: Record<string, CachedArticle>;
    lastGood: Record<string, CachedArticle>;
    sameSettings: boolean;
  },
): Promise<Collected> {
  const out: Collected = { articles: [], rejected: [], unreadable: [], cache: {}, parsed: 0, reused: 0 };
  const keepLastGood = (key: string): boolean => {
    const lastGood = known.lastGood[key];
    if (!lastGood) return false;
    out.articles.push(lastGood.article);
    out.cache[key] = { etag: RETRY_ETAG, article: lastGood.article };
    return true;
  };
  const outcomes = await mapLimit(entries, READ_CONCURRENCY, async (entry) => {
    const cached = known.reusable[entry.key];
    if (cached && cached.etag === entry.etag) return { entry, kind: "reused" as const, cached };
    if (entry.size > config.maxArticleBytes) {
      const reason = `too large: ${entry.size} bytes (maxArticleBytes is ${config.maxArticleBytes})`;
      return { entry, kind: "rejected" as const, error: { key: entry.key, reason } };
    }
    let bytes: Uint8Array;
    try {
      bytes = await source.read(entry.key);
    } catch (error) {
      return { entry, kind: "unreadable" as const, reason: `could not be read: ${message(error)}` };
    }
    const result = parseArticle(entry.key, bytes, {
      ...ctx,
      ...readingContextFor(config, entry.key),
      modifiedTime: entry.lastModified,
      ...(firstSeen[entry.key] ? { firstSeen: firstSeen[entry.key] } : {}),
    });
    return result.ok
      ? { entry, kind: "parsed" as const, article: result.article }
      : { entry, kind: "rejected" as const, error: result.error, parsed: true };
  });
  for (const outcome of outcomes) {
    const { key, etag } = outcome.entry;
    switch (outcome.kind) {
      case "reused":
        out.reused++;
        out.articles.push(outcome.cached.article);
        out.cache[key] = outcome.cached;
        break;
      case "parsed":
        out.parsed++;
        out.articles.push(outcome.article);
        out.cache[key] = { etag, article: outcome.article };
        break;
      case "rejected": {
        if (outcome.parsed) out.parsed++;
        const kept = known.sameSettings && keepLastGood(key);
        const reason = kept
          ? `${outcome.error.reason} (the last good version stays published)`
          : outcome.error.reason;
        out.rejected.push({ key, reason });
        break;
      }
      case "unreadable": {
        const kept = keepLastGood(key);
        out.unreadable.push({
          key,
          reason: kept ? `${outcome.reason} (the last good version stays published)` : outcome.reason,
        });
        break;
      }
    }
  }
  return out;
}

function verify(format: PlannedDocument["format"], text: string): string | undefined {
  if (format === "xml") return xmlProblem(text);
  if (format === "json") return jsonProblem(text);
  return undefined;
}

/** A full run compares with what is actually stored, which repairs objects deleted or edited by hand. */
async function matchesStore(key: string, sha256: string, store: FeedStore): Promise<boolean> {
  const current = await store.read(key);
  return current !== undefined && sha256Hex(current.body) === sha256;
}

/**
 * Writes the manifest if it changed, with If-Match on the version this run read. If another run saved
 * its manifest in between, nobody knows which run's version of the keys this run wrote or deleted is in
 * the store; so this run takes the other manifest, marks those keys with an unknown hash (the next run
 * rewrites them if planned and deletes them if not) and tries again. Returns the reason when it cannot save.
 */
async function saveManifest(
  store: FeedStore,
  manifest: Manifest,
  stored: { body: Uint8Array; etag: string } | undefined,
  touched: readonly string[],
): Promise<string | undefined> {
  let next = manifest;
  let base = stored;
  for (let attempt = 1; attempt <= MANIFEST_ATTEMPTS; attempt++) {
    const body = new TextEncoder().encode(encodeManifest(next));
    // An unchanged state is not rewritten either, so a quiet run costs a listing and one GET, no PUT.
    if (base !== undefined && Buffer.from(base.body).equals(body)) return undefined;
    try {
      await store.write(
        {
          key: MANIFEST_KEY,
          body,
          contentType: "application/json",
          cacheControl: "no-store",
          sha256: sha256Hex(body),
        },
        { ifMatch: base?.etag ?? null },
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) return `write failed: ${message(error)}`;
      base = await store.read(MANIFEST_KEY);
      const theirs = decodeManifest(base?.body) ?? { ...manifest, articles: {}, documents: {} };
      const documents = { ...theirs.documents };
      const inputs = { ...theirs.inputs };
      for (const key of touched) {
        documents[key] = UNKNOWN_HASH;
        delete inputs[key];
      }
      next = { ...theirs, documents, inputs };
    }
  }
  return "another run kept updating the manifest; the next run reconciles";
}
