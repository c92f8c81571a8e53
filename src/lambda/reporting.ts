import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { ConfigError } from "../config.js";
import type { PublishReport } from "../publish/report.js";
import { runSucceeded } from "../publish/report.js";

/**
 * The run finished but some documents were not written, or it stopped at its deadline with work left;
 * thrown so Lambda records a failure, alarms fire and (for a stopped run) a retry continues the work.
 */
export class PublishFailedError extends Error {
  override name = "PublishFailedError";
  constructor(readonly report: PublishReport) {
    super(failureMessage(report));
  }
}

function failureMessage(report: PublishReport): string {
  const failed = report.documents.failed;
  if (failed.length === 0 && report.incomplete) {
    const { reason, articlesLeft, documentsLeft } = report.incomplete;
    const documents =
      documentsLeft === null ? "the documents (not planned yet)" : `${documentsLeft} document(s)`;
    return `run incomplete (${reason}): ${articlesLeft} article(s) and ${documents} left for the next run; progress is saved`;
  }
  const shown = failed
    .slice(0, 5)
    .map((f) => `${f.key} (${f.reason})`)
    .join("; ");
  return `${failed.length} document(s) not written to ${report.output}: ${shown}${failed.length > 5 ? "; …" : ""}`;
}

export const LOGGED_LIST_LIMIT = 100;

/** CloudWatch caps a log event at 256 KB; a first run over thousands of articles lists thousands of keys. */
export function reportForLog(report: PublishReport) {
  const cap = <T>(items: T[]) => items.slice(0, LOGGED_LIST_LIMIT);
  return {
    ...report,
    articles: { ...report.articles, rejected: cap(report.articles.rejected) },
    warnings: cap(report.warnings),
    documents: {
      ...report.documents,
      written: cap(report.documents.written),
      deleted: cap(report.documents.deleted),
      failed: cap(report.documents.failed),
    },
    counts: {
      rejected: report.articles.rejected.length,
      written: report.documents.written.length,
      deleted: report.documents.deleted.length,
      failed: report.documents.failed.length,
      warnings: report.warnings.length,
    },
  };
}

/** Only our own messages are logged: SDK errors carry the signed request, which must not reach the logs. */
export const errorForLog = (error: unknown) =>
  error instanceof Error
    ? {
        name: error.name,
        message: error.message,
        ...(error instanceof ConfigError ? { problems: error.problems } : {}),
      }
    : { message: String(error) };

/** The run's figures as CloudWatch metrics (flushed by the handler whether the run succeeded or not). */
export function addRunMetrics(metrics: Metrics, report: PublishReport): void {
  metrics.addMetric("ArticlesSeen", MetricUnit.Count, report.articles.seen);
  metrics.addMetric("ArticlesRejected", MetricUnit.Count, report.articles.rejected.length);
  metrics.addMetric("DocumentsWritten", MetricUnit.Count, report.documents.written.length);
  metrics.addMetric("DocumentsFailed", MetricUnit.Count, report.documents.failed.length);
  metrics.addMetric("BytesWritten", MetricUnit.Bytes, report.bytesWritten);
  metrics.addMetric("WebSubPingsFailed", MetricUnit.Count, report.websub.failed.length);
  metrics.addMetric("RunsIncomplete", MetricUnit.Count, report.incomplete ? 1 : 0);
}

/** Logs the report at the level it deserves and throws when the run did not complete. */
export function logReport(logger: Logger, trigger: string, report: PublishReport): void {
  const entry = { trigger, report: reportForLog(report) };
  if (!runSucceeded(report)) {
    logger.error("publish report", entry);
    throw new PublishFailedError(report);
  }
  if (report.articles.rejected.length > 0 || report.warnings.length > 0) logger.warn("publish report", entry);
  else logger.info("publish report", entry);
}
