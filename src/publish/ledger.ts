import type { Article, ArticleError } from "../articles/article.js";
import { byKey } from "../order.js";
import type { CachedArticle } from "./manifest.js";
import type { PublishReport } from "./report.js";
import type { AnnounceOutcome } from "./websub.js";

/** What happened to one listed article. */
export type ArticleOutcome =
  | { kind: "reused"; key: string; cached: CachedArticle }
  | { kind: "parsed"; key: string; etag: string; article: Article }
  /** `lastGood`: the version that stays published meanwhile (read again next run). */
  | { kind: "rejected"; key: string; reason: string; wasParsed: boolean; lastGood?: Article }
  /** A storage fault, not bad content: the run fails. */
  | { kind: "unreadable"; key: string; reason: string; lastGood?: Article }
  /** Parsed, but another article claims the same id or page; dropped by dedupeArticles. */
  | { kind: "duplicate"; key: string; reason: string };

/** What happened to one planned (or obsolete) document. */
export type DocumentOutcome =
  /** Same input digest as the stored version (not even rendered), or same bytes (`sha256` known). */
  | { kind: "unchanged"; key: string; inputDigest: string; sha256?: string }
  /** Written, or on a dry run only due to be written (then nothing is stored). */
  | { kind: "written"; key: string; inputDigest: string; sha256: string; bytes: number; topic?: string }
  | { kind: "failed"; key: string; reason: string }
  | { kind: "deleted"; key: string };

export type Failure = { key: string; reason: string };

/** The stored documents as the run found them: key → sha256 (null: stored, bytes unknown). */
export type DocumentHashes = Readonly<Record<string, string | null>>;

/**
 * Everything one run did, each outcome recorded once, in the order it happened. Steps only append; the
 * next state (what is stored, what may be reused) and the report are both derived from it, so they can
 * never disagree.
 */
export class Ledger {
  readonly articles: ArticleOutcome[] = [];
  readonly documents: DocumentOutcome[] = [];
  /** When each listed article key was first seen (kept in the run state; docs/reading.md, `undated`). */
  firstSeen: Record<string, string> = {};
  /** Failures that are no single document's: the source location, a delete, the state write. */
  readonly runFailures: Failure[] = [];
  readonly warnings: Failure[] = [];
  websub: AnnounceOutcome = { notified: 0, failed: [] };
  seen = 0;

  article(outcome: ArticleOutcome): void {
    this.articles.push(outcome);
  }

  document(outcome: DocumentOutcome): void {
    this.documents.push(outcome);
  }

  fail(key: string, reason: string): void {
    this.runFailures.push({ key, reason });
  }

  warn(key: string, reason: string): void {
    this.warnings.push({ key, reason });
  }

  /** Whether anything failed so far (then nothing is deleted: a held-back document may still link to it). */
  get failed(): boolean {
    return (
      this.runFailures.length > 0 ||
      this.articles.some((o) => o.kind === "unreadable") ||
      this.documents.some((d) => d.kind === "failed")
    );
  }

  /** Every article to publish, before de-duplication: parsed, reused, or kept at its last good version. */
  collectedArticles(): Article[] {
    return this.articles.flatMap((o) => {
      if (o.kind === "reused") return [o.cached.article];
      if (o.kind === "parsed") return [o.article];
      if ((o.kind === "rejected" || o.kind === "unreadable") && o.lastGood) return [o.lastGood];
      return [];
    });
  }

  /** The next state's article cache. A kept last good version has no etag, so it is read again next run. */
  articleCache(): Record<string, CachedArticle> {
    const duplicates = new Set(this.articles.filter((o) => o.kind === "duplicate").map((o) => o.key));
    const cache: Record<string, CachedArticle> = {};
    for (const o of this.articles) {
      if (duplicates.has(o.key)) continue;
      if (o.kind === "reused") cache[o.key] = o.cached;
      else if (o.kind === "parsed") cache[o.key] = { etag: o.etag, article: o.article };
      else if ((o.kind === "rejected" || o.kind === "unreadable") && o.lastGood)
        cache[o.key] = { etag: null, article: o.lastGood };
    }
    return cache;
  }

  /**
   * What is actually stored after this run, and the input digest each stored document was rendered from:
   * the previous state updated with every write and delete that succeeded, so a failed write or delete
   * forgets nothing. (A dry run saves no state.)
   */
  storedDocuments(previous: DocumentHashes): {
    documents: Record<string, string | null>;
    inputs: Record<string, string>;
  } {
    const documents = { ...previous };
    const inputs: Record<string, string> = {};
    for (const d of this.documents) {
      if (d.kind === "unchanged") {
        if (d.sha256 !== undefined) documents[d.key] = d.sha256;
        inputs[d.key] = d.inputDigest;
      } else if (d.kind === "written") {
        documents[d.key] = d.sha256;
        inputs[d.key] = d.inputDigest;
      } else if (d.kind === "deleted") delete documents[d.key];
    }
    return { documents, inputs };
  }

  /** Keys whose stored bytes this run changed (written or deleted). */
  touchedKeys(): string[] {
    return this.documents.flatMap((d) => (d.kind === "written" || d.kind === "deleted" ? [d.key] : []));
  }

  /** WebSub topics of the subscription feeds this run wrote. */
  changedTopics(): string[] {
    return this.documents.flatMap((d) => (d.kind === "written" && d.topic ? [d.topic] : []));
  }

  report(run: {
    source: string;
    output: string;
    dryRun: boolean;
    defaultsUsed: string[];
    published: number;
    /** Published articles without a printed date. */
    undated?: number;
    durationMs: number;
  }): PublishReport {
    const count = (kind: ArticleOutcome["kind"]) => this.articles.filter((o) => o.kind === kind).length;
    const rejected: ArticleError[] = this.articles.flatMap((o) => {
      if (o.kind === "duplicate") return [{ key: o.key, reason: o.reason }];
      if (o.kind !== "rejected") return [];
      const reason = o.lastGood ? `${o.reason} (the last good version stays published)` : o.reason;
      return [{ key: o.key, reason }];
    });
    const unreadable: Failure[] = this.articles.flatMap((o) =>
      o.kind === "unreadable"
        ? [
            {
              key: o.key,
              reason: o.lastGood ? `${o.reason} (the last good version stays published)` : o.reason,
            },
          ]
        : [],
    );
    const keys = (kind: "written" | "deleted") =>
      this.documents.flatMap((d) => (d.kind === kind ? [d.key] : []));
    const failed = this.documents.flatMap((d) =>
      d.kind === "failed" ? [{ key: d.key, reason: d.reason }] : [],
    );
    return {
      source: run.source,
      output: run.output,
      dryRun: run.dryRun,
      defaultsUsed: run.defaultsUsed,
      articles: {
        seen: this.seen,
        parsed: count("parsed") + this.articles.filter((o) => o.kind === "rejected" && o.wasParsed).length,
        reused: count("reused"),
        published: run.published,
        undated: run.undated ?? 0,
        rejected: rejected.sort(byKey),
      },
      documents: {
        written: keys("written").sort(),
        unchanged: this.documents.filter((d) => d.kind === "unchanged").length,
        deleted: keys("deleted").sort(),
        failed: [...unreadable, ...failed, ...this.runFailures].sort(byKey),
      },
      warnings: [...this.warnings].sort(byKey),
      // On a dry run: the bytes it would write.
      bytesWritten: this.documents.reduce((sum, d) => sum + (d.kind === "written" ? d.bytes : 0), 0),
      websub: this.websub,
      durationMs: run.durationMs,
    };
  }
}
