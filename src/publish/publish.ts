import type { Config } from "../config.js";
import { type ArticleParser, BudgetedParser } from "../sandbox/budgeted-parser.js";
import { planSite } from "../site/plan.js";
import { announceChanges } from "./announce.js";
import { collectArticles, parseContextOf, parseFingerprintOf } from "./collect-articles.js";
import { type DocumentOutcome, Ledger } from "./ledger.js";
import { emptyManifest } from "./manifest.js";
import type { ArticleSource, FeedStore } from "./ports.js";
import { reconcile } from "./reconcile.js";
import type { PublishReport } from "./report.js";
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
  const progress = progressOf(input.onProgress);
  const ctx = parseContextOf(config, input.now);
  const parseFingerprint = parseFingerprintOf(ctx, config);

  const loaded = await stateStore.load();
  if (loaded.problem) ledger.warn(stateStore.location, loaded.problem);
  const previous = loaded.state;
  let lostRace = false;
  const finish = (published: number, undated = 0) => ({
    lostRace,
    report: ledger.report({
      source: source.location,
      output: store.location,
      dryRun,
      defaultsUsed: input.defaultsUsed ?? [],
      published,
      undated,
      durationMs: Math.round(performance.now() - started),
    }),
  });

  const articles = await collectArticles(
    { source, config, ctx, parseFingerprint, previous, full, parser, onRead: progress.read },
    ledger,
  );
  if (!articles) return finish(0);
  // Bodies are rendered lazily, one document at a time while writing, so a large site never holds all
  // its pages and archives in memory at once.
  const planned = planSite(articles, config, ledger.firstSeen);
  const stored = reconcile(previous?.documents ?? {}, await store.list());
  if (!input.allowMassUnpublish) {
    const problem = massUnpublishProblem(planned, stored, config.maxUnpublishShare);
    if (problem) {
      ledger.fail(source.location, problem);
      return finish(0);
    }
  }
  const onHandled = progress.handled(planned.length);
  const storedInputs = previous?.inputs ?? {};
  await writeStages({ planned, store, stored, storedInputs, full, dryRun, onHandled }, ledger);
  await unpublishObsolete(planned, stored, store, dryRun, ledger);
  if (!dryRun) {
    const next = {
      ...emptyManifest(parseFingerprint),
      articles: ledger.articleCache(),
      ...ledger.storedDocuments(stored),
      firstSeen: ledger.firstSeen,
    };
    const saved = await stateStore.save(next, loaded, ledger.touchedKeys());
    lostRace = saved.lostRace;
    if (saved.problem) ledger.fail(stateStore.location, saved.problem);
    await announceChanges(ledger, input.announcer, config.hubs);
  }
  return finish(articles.length, articles.filter((article) => article.undated).length);
}

/** Counts for the progress callback: every listed article read, then every planned document handled. */
function progressOf(onProgress: PublishInput["onProgress"]) {
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
