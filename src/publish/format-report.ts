import { terminalSafe as safe } from "../terminal-safe.js";
import type { PublishReport } from "./report.js";

/** The report as a short human-readable table for terminals; names and reasons are terminal-safe. */
export function formatReport(report: PublishReport): string {
  const { articles, documents } = report;
  const rows: [string, string][] = [
    ["source", safe(report.source)],
    ["output", safe(report.output) + (report.dryRun ? " (dry run: nothing written)" : "")],
    ["articles seen", String(articles.seen)],
    ["  parsed / reused", `${articles.parsed} / ${articles.reused}`],
    ["  published", String(articles.published)],
    ["  undated", String(articles.undated)],
    ["  rejected", String(articles.rejected.length)],
    [report.dryRun ? "documents to write" : "documents written", String(documents.written.length)],
    ["  unchanged", String(documents.unchanged)],
    [report.dryRun ? "  to delete" : "  deleted", String(documents.deleted.length)],
    ["  failed", String(documents.failed.length)],
    [report.dryRun ? "bytes to write" : "bytes written", String(report.bytesWritten)],
    ["websub pings", `${report.websub.notified} sent, ${report.websub.failed.length} failed`],
    ["time", `${report.durationMs} ms`],
  ];
  if (report.defaultsUsed.length) rows.push(["defaults used", report.defaultsUsed.join(", ")]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  if (report.incomplete) {
    const { reason, articlesLeft, documentsLeft } = report.incomplete;
    const docs = documentsLeft === null ? "documents not planned yet" : `${documentsLeft} documents`;
    lines.push(
      "",
      `incomplete: ${reason}; left for the next run: ${articlesLeft} articles, ${docs} (progress is saved: run again to continue)`,
    );
  }
  if (articles.rejected.length) {
    lines.push("", "rejected articles:");
    for (const { key, reason } of articles.rejected) lines.push(`  ${safe(key)}: ${safe(reason)}`);
  }
  if (documents.failed.length) {
    lines.push("", "documents not written:");
    for (const { key, reason } of documents.failed) lines.push(`  ${safe(key)}: ${safe(reason)}`);
  }
  if (report.warnings.length) {
    lines.push("", "warnings:");
    for (const { key, reason } of report.warnings) lines.push(`  ${key}: ${reason}`);
  }
  if (report.websub.failed.length) {
    lines.push("", "websub pings that failed (subscribers will still poll):");
    for (const { hub, topic, reason } of report.websub.failed)
      lines.push(`  ${safe(hub)} ${safe(topic)}: ${safe(reason)}`);
  }
  return `${lines.join("\n")}\n`;
}
