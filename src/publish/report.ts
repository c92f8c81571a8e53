import type { ArticleError } from "../articles/article.js";

/** What one run did; returned by the handler, logged as JSON, printed by the CLI. */
export interface PublishReport {
  source: string;
  output: string;
  dryRun: boolean;
  /** Settings the run took from defaults because the user gave none. */
  defaultsUsed: string[];
  articles: {
    /** Stored articles listed at the source. */
    seen: number;
    /** Parsed in this run (new or changed since the last run). */
    parsed: number;
    /** Taken from the manifest unchanged, without reading them. */
    reused: number;
    /** Articles in the published set. */
    published: number;
    /** Published articles that print no date (the `undated` policy placed them; docs/reading.md). */
    undated: number;
    rejected: ArticleError[];
  };
  documents: {
    /** Keys written in this run (or that would be written, on a dry run). */
    written: string[];
    unchanged: number;
    deleted: string[];
    /** Documents that were not written, with the reason (fail closed). */
    failed: { key: string; reason: string }[];
  };
  /**
   * Things a person should know that did not stop the run, e.g. a state that could not be read (the run
   * then compared every document with the output and saved a fresh state).
   */
  warnings: { key: string; reason: string }[];
  /** Bytes written (on a dry run: the bytes it would write). */
  bytesWritten: number;
  /** WebSub pings sent for changed feeds, and those that failed (never fatal). */
  websub: { notified: number; failed: { hub: string; topic: string; reason: string }[] };
  durationMs: number;
  /**
   * Present when the run stopped at its deadline (or after a checkpoint lost to another run) before
   * doing everything: what is left for the next run, which continues from the saved state.
   */
  incomplete?: Incomplete;
}

export interface Incomplete {
  reason: string;
  /** Listed articles not read (and so not parsed) yet. */
  articlesLeft: number;
  /** Planned documents not written or checked yet (unknown when reading stopped before planning). */
  documentsLeft: number | null;
}

/**
 * A run "completed" when every planned document is in place; rejected articles alone do not fail it. A
 * run stopped at its deadline did not complete (see `incomplete`).
 */
export function runSucceeded(report: PublishReport): boolean {
  return report.documents.failed.length === 0 && report.incomplete === undefined;
}
