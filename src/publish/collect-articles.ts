import type { Article, ParseContext } from "../articles/article.js";
import { slotOf, withBodySlot } from "../articles/article-body.js";
import { dedupeArticles } from "../articles/dedupe.js";
import { formatOf, isArticleKey } from "../articles/formats.js";
import { readingContextFor } from "../articles/reading/source-rules.js";
import type { Config } from "../config.js";
import { SANITIZER_ID } from "../markup/html.js";
import type { ArticleParser } from "../sandbox/budgeted-parser.js";
import type { ArticleBodies } from "./article-bodies.js";
import { mapLimit } from "./concurrency.js";
import { firstSeenTimes } from "./first-seen.js";
import type { ArticleOutcome, Ledger } from "./ledger.js";
import { type CachedArticle, fingerprint, type Manifest } from "./manifest.js";
import { ArticleRefusedError, type ArticleSource, type SourceEntry } from "./ports.js";

const READ_CONCURRENCY = 16;
const READ_ATTEMPTS = 3;

/**
 * A read cut off mid-body (a reset connection, a stalled stream) fails after the SDK's own request
 * retries are spent, since those cover the request, not the body that follows. A few more attempts,
 * briefly spaced, turn a transient fault into a published article instead of a failed run.
 */
async function readWithRetry(source: ArticleSource, key: string, maxBytes: number): Promise<Uint8Array> {
  for (let attempt = 1; ; attempt++) {
    try {
      // The limit holds while reading too: a file that grew after it was listed is never read whole.
      return await source.read(key, { maxBytes });
    } catch (error) {
      // A refusal (too large, a symbolic link) is the object's verdict, not a fault to retry.
      if (attempt >= READ_ATTEMPTS || error instanceof ArticleRefusedError) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

export type RunParseContext = Omit<ParseContext, "modifiedTime">;

/** The parse settings of a run; `now` is the edge's clock, used only to reject articles dated in the future. */
export function parseContextOf(config: Config, now: Date): RunParseContext {
  return {
    timeZone: config.timeZone,
    cruftPatterns: config.cruftPatterns,
    baseUrl: config.baseUrl,
    fallbackToModifiedTime: config.fallbackToModifiedTime,
    now: now.toISOString(),
    futureToleranceHours: config.futureToleranceHours,
    minYear: config.minYear,
  };
}

/**
 * Hash of what parsing depends on (the settings, not the clock, and the HTML sanitiser): when it
 * changes, every article is parsed again.
 */
export const parseFingerprintOf = (
  ctx: RunParseContext,
  config: Config,
  sanitizerId = SANITIZER_ID,
): string =>
  fingerprint({
    ...ctx,
    now: undefined,
    maxArticleBytes: config.maxArticleBytes,
    maxMarkdownBytes: config.maxMarkdownBytes,
    sanitizer: sanitizerId,
    // The reading settings (docs/reading.md): per-key values come from these through readingContextFor.
    reading: {
      builtin: config.builtinCruftPatterns,
      undated: config.undated,
      dateOrder: config.dateOrder,
      detectLanguage: config.detectLanguage,
      sources: config.sources,
      language: config.language,
    },
  });

export const errorMessage = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export interface CollectInput {
  source: ArticleSource;
  /** The source's listing, taken by the caller (`source.list()`). */
  listed: readonly SourceEntry[];
  config: Config;
  ctx: RunParseContext;
  parseFingerprint: string;
  previous: Manifest | undefined;
  /** Ignore the cache: read and parse every article again. */
  full: boolean;
  /** Parses what was read (Markdown under a time and memory budget: src/sandbox/). */
  parser: ArticleParser;
  /**
   * Where a parsed article's body is stored as soon as it is parsed, so a run holds heads, not bodies;
   * omitted (a dry run): bodies stay in memory.
   */
  bodies?: ArticleBodies;
  /** Called once per listed article, when it is done (reused, parsed or rejected), with the total. */
  onRead?: (total: number) => void;
  /** Called with each article's outcome as it is done (the run's checkpoints). */
  onOutcome?: (outcome: ArticleOutcome) => void;
  /** Asked before each read: true stops reading (the run's deadline); unread articles are left for later. */
  stopReading?: () => boolean;
}

/**
 * Step 1: lists the source, reads and parses new or changed articles, reuses the rest from the state,
 * drops duplicate ids, and records every outcome in the ledger. Returns the articles to publish, or
 * undefined when the run must not go on (an empty listing where articles are published, or reading
 * stopped before every article was read).
 */
export async function collectArticles(input: CollectInput, ledger: Ledger): Promise<Article[] | undefined> {
  const { source, previous } = input;
  const entries = input.listed.filter((entry) => isArticleKey(entry.key));
  const publishedBefore = Object.keys(previous?.articles ?? {}).length;
  if (entries.length === 0 && publishedBefore > 0) {
    // An empty listing is far likelier a wrong location (a typo in a prefix) than a newsroom that deleted
    // everything; unpublishing the whole site on it would be the worst possible reading.
    ledger.fail(
      source.location,
      `no articles found here, but ${publishedBefore} are published; nothing was changed (check the source location, or delete the output to start over)`,
    );
    return undefined;
  }
  ledger.seen = entries.length;
  // Kept in the run state so an undated article's first-seen time never changes (docs/reading.md).
  ledger.firstSeen = firstSeenTimes(
    previous?.firstSeen,
    entries.map((entry) => entry.key),
    new Date(input.ctx.now),
  );
  const sameSettings = previous?.parseFingerprint === input.parseFingerprint;
  const reusable = !input.full && sameSettings ? (previous?.articles ?? {}) : {};
  const lastGood = previous?.articles ?? {};
  let stopped = false;
  const outcomes = await mapLimit(entries, READ_CONCURRENCY, async (entry) => {
    const cached = reusable[entry.key];
    if (!isReusable(cached, entry) && (stopped || input.stopReading?.())) {
      stopped = true;
      return undefined;
    }
    const outcome = await readArticle(entry, input, cached, ledger.firstSeen[entry.key]);
    input.onOutcome?.(outcome);
    input.onRead?.(entries.length);
    return outcome;
  });
  for (const outcome of outcomes) {
    if (!outcome) continue;
    // A published article that cannot be read (a storage fault), or that an edit broke while the settings
    // stayed the same, keeps its last good version. (A rejection under changed settings, e.g. a higher
    // minYear, is the settings' verdict and unpublishes the article.)
    const kept = lastGood[outcome.key]?.article;
    const keeps = outcome.kind === "unreadable" || (outcome.kind === "rejected" && sameSettings);
    ledger.article(keeps && kept ? { ...outcome, lastGood: kept } : outcome);
  }
  if (stopped) return undefined;
  const deduped = dedupeArticles(ledger.collectedArticles());
  for (const { key, reason } of deduped.rejected) ledger.article({ kind: "duplicate", key, reason });
  return deduped.articles;
}

/**
 * One entry: reused from the cache when its etag is unchanged, else read and parsed (its body stored);
 * `firstSeen` is the key's first-seen time (the `undated: "first-seen"` date). Never throws.
 */
export async function readArticle(
  entry: SourceEntry,
  input: Pick<CollectInput, "source" | "config" | "ctx" | "parser" | "bodies">,
  cached: CachedArticle | undefined,
  firstSeen: string | undefined,
): Promise<ArticleOutcome> {
  const { key } = entry;
  if (isReusable(cached, entry)) return { kind: "reused", key, cached };
  const limit = sizeLimit(key, input.config);
  if (entry.size > limit.bytes) {
    const reason = `too large: ${entry.size} bytes (${limit.setting} is ${limit.bytes})`;
    return { kind: "rejected", key, reason, wasParsed: false };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readWithRetry(input.source, key, limit.bytes);
  } catch (error) {
    if (error instanceof ArticleRefusedError) {
      const reason = error.reason.startsWith("too large")
        ? `${error.reason} (${limit.setting})`
        : error.reason;
      return { kind: "rejected", key, reason, wasParsed: false };
    }
    return {
      kind: "unreadable",
      key,
      reason: `could not be read: ${errorMessage(error)} (tried ${READ_ATTEMPTS} times)`,
    };
  }
  const result = await input.parser.parse(key, bytes, {
    ...input.ctx,
    ...readingContextFor(input.config, key),
    modifiedTime: entry.lastModified,
    ...(firstSeen ? { firstSeen } : {}),
  });
  if (!result.ok) return { kind: "rejected", key, reason: result.error.reason, wasParsed: true };
  const article = withBodySlot(result.article);
  const slot = slotOf(article);
  try {
    if (slot) await input.bodies?.save(slot);
  } catch (error) {
    // The state's store failing: a storage fault like an unreadable source (the run fails, nothing is lost).
    return { kind: "unreadable", key, reason: `its parsed body could not be stored: ${errorMessage(error)}` };
  }
  return { kind: "parsed", key, etag: entry.etag, article };
}

export const isReusable = (cached: CachedArticle | undefined, entry: SourceEntry): cached is CachedArticle =>
  cached !== undefined && cached.etag !== null && cached.etag === entry.etag;

/** The size limit of one stored article: Markdown has its own, lower one (its parser is the costliest). */
function sizeLimit(key: string, config: Config): { bytes: number; setting: string } {
  if (formatOf(key) === "markdown" && config.maxMarkdownBytes < config.maxArticleBytes)
    return { bytes: config.maxMarkdownBytes, setting: "maxMarkdownBytes" };
  return { bytes: config.maxArticleBytes, setting: "maxArticleBytes" };
}
