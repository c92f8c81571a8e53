import { isArticleKey } from "../articles/formats.js";
import type { Config } from "../config.js";
import { type ArticleParser, BudgetedParser } from "../sandbox/budgeted-parser.js";
import { type PlannedDocument, planSite } from "../site/plan.js";
import { announceChanges } from "./announce.js";
import { articlesSoFar, Checkpoints, documentsSoFar } from "./checkpoint.js";
import { collectArticles, parseContextOf, parseFingerprintOf } from "./collect-articles.js";
import { type ArticleOutcome, type DocumentOutcome, Ledger } from "./ledger.js";
import { emptyManifest } from "./manifest.js";
import type { ArticleSource, FeedStore, SourceEntry } from "./ports.js";
import {
  outputAfterRun,
  type QuietRecord,
  quietFingerprint,
  quietRecordOf,
  quietReport,
} from "./quiet-run.js";
import { reconcile } from "./reconcile.js";
import type { Incomplete, PublishReport } from "./report.js";
import { ManifestStateStore, type StateStore } from "./state.js";
import { massUnpublishProblem, unpublishObsolete } from "./unpublish.js";
import type { Announcer } from "./websub.js";
import { writeStages } from "./write-stages.js";

export interface PublishInput {
  config: Config;
  source: ArticleSource;
  store: FeedStore;
  /** Where the run state lives; defaults to `_state/manifest.json` in `store`. */
  state?: StateStore;
  /** The clock, read at the edge. Used only to reject articles dated in the future. */
  now: Date;
  dryRun?: boolean;
  /** Ignore the state: re-read and re-parse every article and compare every document with the store. */
  full?: boolean;
  /**
   * Compare the documents it picks with the store, as `full` does for all, but reuse the state's parsed
   * articles (the last step of a parallel `full` rebuild, whose articles were all just read and whose
   * pages were just compared: src/fanout/).
   */
  compareOutput?: (doc: PlannedDocument) => boolean;
  /** Config keys left at their defaults, echoed into the report. */
  defaultsUsed?: string[];
  /** Let this run unpublish more than config `maxUnpublishShare` of the site. */
  allowMassUnpublish?: boolean;
  /** Pings WebSub hubs (config `hubs`) for feeds that changed; omitted: no pings. */
  announcer?: Announcer;
  /** Told as articles are read and documents are checked (the CLI's progress line); must not throw. */
  onProgress?: (progress: PublishProgress) => void;
  /** Parses stored articles; omitted: a BudgetedParser (Markdown under a time and memory budget). */
  parser?: ArticleParser;
  /**
   * Epoch ms past which the run starts no new read or write, saves its progress and reports itself
   * `incomplete` (the Lambda's timeout minus a margin, the CLI's --time-limit). Omitted: no limit.
   */
  deadline?: number;
  /** Epoch ms, read for the deadline and checkpoint timing only; omitted: Date.now. */
  clock?: () => number;
}

/** How often a run that lost the race for the state starts over with a fresh view. */
const REPLANS = 2;

/** How far a run is: articles read of those listed, then documents handled (written or unchanged) of those planned. */
export type PublishProgress =
  | { phase: "reading"; done: number; total: number }
  | { phase: "writing"; done: number; total: number; written: number };

/**
 * One run, as named steps over one ledger: load state → collect articles → plan → reconcile with the
 * output → (refuse a mass unpublish) → write in link order → unpublish what is no longer planned → save
 * state (last, conditionally) → announce. Each step records its outcomes in the ledger; the next state
 * and the report are both derived from it.
 */
export async function publish(input: PublishInput): Promise<PublishReport> {
  const parser = input.parser ?? new BudgetedParser();
  try {
    let { report, lostRace } = await publishOnce(input, parser);
    // A run that finds another run saved the state in between has written documents from a view that may
    // be stale, over the other run's: it starts over, re-listing and re-planning from the state the other
    // run saved (with the keys it wrote marked unknown, so they are rewritten). So two overlapping runs
    // end with both runs' articles published.
    for (let replan = 1; lostRace && replan <= REPLANS; replan++) {
      const again = await publishOnce(input, parser);
      report = {
        ...again.report,
        documents: {
          ...again.report.documents,
          written: [...new Set([...report.documents.written, ...again.report.documents.written])].sort(),
        },
        bytesWritten: report.bytesWritten + again.report.bytesWritten,
        durationMs: report.durationMs + again.report.durationMs,
      };
      lostRace = again.lostRace;
    }
    return report;
  } finally {
    if (!input.parser) parser.close();
  }
}

async function publishOnce(
  input: PublishInput,
  parser: ArticleParser,
): Promise<{ report: PublishReport; lostRace: boolean }> {
  const started = performance.now();
  const { config, source, store } = input;
  const dryRun = input.dryRun ?? false;
  const full = input.full ?? false;
  const stateStore = input.state ?? new ManifestStateStore(store);
  const ledger = new Ledger();
  const progress = progressLine(input.onProgress);
  const ctx = parseContextOf(config, input.now);
  const parseFingerprint = parseFingerprintOf(ctx, config);
  const clock = input.clock ?? Date.now;
  const pastDeadline = () => input.deadline !== undefined && clock() >= input.deadline;

  // Both listings are taken once the state's root is read (never before: an article another run published
  // in between must be in the state this run loads, or this run would take it for deleted).
  let listing: { sources: SourceEntry[]; output: string[] } | undefined;
  const listBoth = async () => {
    const [sources, output] = await Promise.all([source.list(), store.list()]);
    listing = { sources, output };
    return listing;
  };
  const isQuiet = async (record: QuietRecord) => {
    const { sources, output } = await listBoth();
    return record.fingerprint === quietFingerprint({ config, parseFingerprint, sources, outputKeys: output });
  };
  const compareOutput = full || (input.compareOutput ?? false);
  // A run asked to compare documents with the store never takes the quiet path.
  const loaded = await stateStore.load(compareOutput === false ? isQuiet : undefined);
  if (loaded.quiet) {
    const seen = (listing?.sources ?? []).filter((entry) => isArticleKey(entry.key)).length;
    const durationMs = Math.round(performance.now() - started);
    // Every listed article and planned document counts as done, none as read or written.
    input.onProgress?.({ phase: "reading", done: seen, total: seen });
    const planned = loaded.quiet.documents;
    input.onProgress?.({ phase: "writing", done: planned, total: planned, written: 0 });
    return {
      lostRace: false,
      report: quietReport(loaded.quiet, {
        source: source.location,
        output: store.location,
        dryRun,
        defaultsUsed: input.defaultsUsed ?? [],
        seen,
        durationMs,
      }),
    };
  }
  const { sources: listed, output: outputKeys } = listing ?? (await listBoth());
  if (loaded.problem) ledger.warn(stateStore.location, loaded.problem);
  const previous = loaded.state;
  const everyMs = config.checkpointSeconds * 1000;
  const saves = new Checkpoints(stateStore, loaded, { everyMs, atStageAfterMs: everyMs / 6 }, clock);
  let incomplete: Incomplete | undefined;
  const reportOf = (published: number, undated: number) =>
    ledger.report({
      source: source.location,
      output: store.location,
      dryRun,
      defaultsUsed: input.defaultsUsed ?? [],
      published,
      undated,
      durationMs: Math.round(performance.now() - started),
    });
  const finish = (published: number, undated = 0) => {
    for (const problem of saves.problems) ledger.warn(stateStore.location, problem);
    return {
      lostRace: saves.lostRace,
      report: { ...reportOf(published, undated), ...(incomplete ? { incomplete } : {}) },
    };
  };

  // Checkpoints while reading: what was read so far over the previous state (nothing written yet).
  const sameSettings = previous?.parseFingerprint === parseFingerprint;
  const read: ArticleOutcome[] = [];
  // Counted as they happen (a first run reads 100k articles): what a save would keep that the last did not.
  let readCount = 0;
  let writtenCount = 0;
  const readProgress = () => readCount;
  const readSnapshot = (outcomes: readonly ArticleOutcome[]) => () => ({
    next: {
      ...emptyManifest(parseFingerprint),
      articles: articlesSoFar(previous, outcomes, sameSettings),
      ...documentsSoFar(ledger, previous?.documents ?? {}, previous?.inputs ?? {}),
      firstSeen: ledger.firstSeen,
    },
    touched: [],
  });
  let stoppedReading = false;
  const articles = await collectArticles(
    {
      source,
      listed,
      config,
      ctx,
      parseFingerprint,
      previous,
      full,
      parser,
      ...(dryRun ? {} : { bodies: stateStore.bodies }),
      onRead: progress.read,
      onOutcome: (outcome) => {
        read.push(outcome);
        if (outcome.kind !== "reused") readCount++;
        if (!dryRun) saves.tick(readProgress(), readSnapshot(read));
      },
      stopReading: () => {
        stoppedReading ||= pastDeadline();
        return stoppedReading;
      },
    },
    ledger,
  );
  if (stoppedReading) {
    const articlesLeft = ledger.seen - read.length;
    incomplete = { reason: "the deadline passed while reading", articlesLeft, documentsLeft: null };
    if (!dryRun) await saves.now(readProgress(), readSnapshot(ledger.articles));
    return finish(0);
  }
  await saves.settle();
  if (!articles || saves.lostRace) return finish(0);
  // Bodies are rendered lazily, one document at a time while writing, so a large site never holds all
  // its pages and archives in memory at once.
  const planned = planSite(articles, config, ledger.firstSeen);
  const stored = reconcile(previous?.documents ?? {}, outputKeys);
  if (!input.allowMassUnpublish) {
    const problem = massUnpublishProblem(planned, stored, config.maxUnpublishShare);
    if (problem) {
      ledger.fail(source.location, problem);
      return finish(0);
    }
  }
  // From here every save records the whole article cache and the documents written so far.
  const storedInputs = previous?.inputs ?? {};
  const snapshot = () => ({
    next: {
      ...emptyManifest(parseFingerprint),
      articles: ledger.articleCache(),
      ...documentsSoFar(ledger, stored, storedInputs),
      firstSeen: ledger.firstSeen,
    },
    touched: ledger.touchedKeys(),
  });
  const done = () => readCount + writtenCount;
  if (!dryRun) await saves.atStage(done(), snapshot);
  const handled = progress.handled(planned.length);
  const { left } = await writeStages(
    {
      planned,
      store,
      stored,
      storedInputs,
      full: compareOutput,
      dryRun,
      bodies: stateStore.bodies,
      onHandled: (outcome) => {
        handled(outcome);
        if (outcome.kind === "written") writtenCount++;
        if (!dryRun) saves.tick(done(), snapshot);
      },
      // A lost race at a checkpoint stops the writing too: what is left is the re-plan's to write.
      stopWriting: () => saves.lostRace || pastDeadline(),
      afterWave: async () => {
        if (!dryRun) await saves.atStage(done(), snapshot);
        return !saves.lostRace;
      },
    },
    ledger,
  );
  if (saves.lostRace) {
    await saves.settle();
    // The checkpoint that found another run's save marked unknown only what was written by then; this run
    // wrote on from its stale view. One more save (its precondition fails, so it merges) marks every key
    // this run touched unknown, so the re-plan and later runs rewrite them instead of trusting the hashes.
    if (!dryRun) {
      const { next, touched } = snapshot();
      const saved = await stateStore.save(next, saves.loaded, touched);
      if (saved.problem) ledger.fail(stateStore.location, saved.problem);
    }
    return finish(articles.length);
  }
  if (left > 0)
    incomplete = { reason: "the deadline passed while writing", articlesLeft: 0, documentsLeft: left };
  // Obsolete documents go once everything planned is in place (a stopped run leaves them to the next).
  else await unpublishObsolete(planned, stored, store, dryRun, ledger);
  if (!dryRun) {
    await saves.settle();
    // Also after a checkpoint that lost the race while settling: this save's precondition then fails and
    // it merges, marking every key this run touched unknown (not only those written by that checkpoint).
    const { next, touched } = snapshot();
    // What the next run may skip if its inputs are these (quiet-run.ts); a stopped run leaves work over.
    const sofar = reportOf(articles.length, articles.filter((article) => article.undated).length);
    const quiet =
      incomplete || saves.problems.length > 0
        ? undefined
        : quietRecordOf(
            sofar,
            { config, parseFingerprint, sources: listed },
            outputAfterRun(outputKeys, sofar),
          );
    const saved = await stateStore.save(next, saves.loaded, touched, quiet);
    if (saved.lostRace) saves.lostRace = true;
    if (saved.problem) ledger.fail(stateStore.location, saved.problem);
    // Feeds written by a stopped run are live too: the next run will find them unchanged.
    await announceChanges(ledger, input.announcer, config.hubs);
  }
  return finish(articles.length, articles.filter((article) => article.undated).length);
}

/** Counts for the progress callback: every listed article read, then every planned document handled. */
function progressLine(onProgress: PublishInput["onProgress"]) {
  let read = 0;
  let handled = 0;
  let written = 0;
  return {
    read: (total: number) => onProgress?.({ phase: "reading", done: ++read, total }),
    handled: (total: number) => (outcome: DocumentOutcome) => {
      if (outcome.kind === "written") written++;
      onProgress?.({ phase: "writing", done: ++handled, total, written });
    },
  };
}
