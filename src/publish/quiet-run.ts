import { createHash } from "node:crypto";
import * as z from "zod";
import { isArticleKey } from "../articles/formats.js";
import type { Config } from "../config.js";
import { isSiteDocumentKey } from "../site/layout.js";
import { RENDER_VERSION } from "../site/plan.js";
import { Ledger } from "./ledger.js";
import { FORMAT_VERSION } from "./manifest.js";
import type { SourceEntry } from "./ports.js";
import type { PublishReport } from "./report.js";

/**
 * A scheduled run usually finds nothing new. Planning such a run from the state still costs a read of
 * every article head (issue 8 measured ~0.2 ms per stored article per run), so a complete run records, in
 * the state's root, a fingerprint of everything its output depends on: the code's render and state
 * versions, the settings, the source listing (key, etag, size, modification time) and the site documents
 * the output holds after it. A later run whose listings give the same fingerprint has nothing to do: the
 * same inputs, under the same code and settings, plan the same documents, all already in place. It stops
 * after the root and the two listings, reads no shard and writes nothing.
 */
export const quietRecordSchema = z.object({
  fingerprint: z.string(),
  /** The recording run's figures, repeated by a quiet run's report. */
  published: z.number().int().nonnegative(),
  undated: z.number().int().nonnegative(),
  documents: z.number().int().nonnegative(),
  rejected: z.array(z.object({ key: z.string(), reason: z.string() })),
});
export type QuietRecord = z.output<typeof quietRecordSchema>;

/**
 * A record holds at most this many rejected articles: a source with more is better served by a full run
 * (it says what to fix), and the root stays small.
 */
const MAX_REJECTED_RECORDED = 1000;

/**
 * Verdicts a rerun can change with nothing else changed: the clock moves past a future date line, or the
 * run's parsing budget, spent on other articles this time, reaches the article next time (wording from
 * articles/plausible-date.ts and sandbox/parser-process.ts, tested in test/publish/quiet-run.test.ts). An
 * article over its own time or memory budget is refused the same way every run, so it does not count.
 */
export const changesOnRerun = (reason: string): boolean =>
  reason.includes(" is in the future") || reason.includes("it is tried again on the next run");

export interface QuietInputs {
  config: Config;
  parseFingerprint: string;
  /** The source's listing, as `ArticleSource.list` returned it. */
  sources: readonly SourceEntry[];
  /** The output's site documents (other objects in the store are not the run's). */
  outputKeys: Iterable<string>;
}

/** Hash of a run's inputs, streamed (100k listing entries need not become one string). */
export function quietFingerprint({ config, parseFingerprint, sources, outputKeys }: QuietInputs): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([FORMAT_VERSION, RENDER_VERSION, parseFingerprint, config]));
  const entries = sources
    .filter((entry) => isArticleKey(entry.key))
    .map((entry) => `${entry.key}\0${entry.etag}\0${entry.size}\0${entry.lastModified}`)
    .sort();
  for (const entry of entries) hash.update(`\n${entry}`);
  hash.update("\n\0output");
  for (const key of [...new Set(outputKeys)].filter(isSiteDocumentKey).sort()) hash.update(`\n${key}`);
  return hash.digest("hex");
}

/**
 * The record a finished run leaves for the next, or undefined when a rerun could do something this run did
 * not: it failed, stopped, warned or lost a race, or rejected an article a rerun may accept.
 */
export function quietRecordOf(
  report: PublishReport,
  inputs: Omit<QuietInputs, "outputKeys">,
  outputAfter: Iterable<string>,
): QuietRecord | undefined {
  const clean =
    !report.dryRun &&
    report.incomplete === undefined &&
    report.documents.failed.length === 0 &&
    report.warnings.length === 0 &&
    report.articles.rejected.length <= MAX_REJECTED_RECORDED &&
    !report.articles.rejected.some(({ reason }) => changesOnRerun(reason));
  if (!clean) return undefined;
  return {
    fingerprint: quietFingerprint({ ...inputs, outputKeys: outputAfter }),
    published: report.articles.published,
    undated: report.articles.undated,
    documents: report.documents.written.length + report.documents.unchanged,
    rejected: report.articles.rejected,
  };
}

/** The site documents in the output after a run: what it listed, less what it deleted, plus what it wrote. */
export function outputAfterRun(listed: readonly string[], report: PublishReport): Set<string> {
  const deleted = new Set(report.documents.deleted);
  const keys = new Set(listed.filter((key) => !deleted.has(key)));
  for (const key of report.documents.written) keys.add(key);
  return keys;
}

/** The report of a run that found nothing to do: the last complete run's figures, nothing read or written. */
export function quietReport(
  record: QuietRecord,
  run: Omit<Parameters<Ledger["report"]>[0], "published" | "undated"> & { seen: number },
): PublishReport {
  const ledger = new Ledger();
  ledger.seen = run.seen;
  const report = ledger.report({ ...run, published: record.published, undated: record.undated });
  return {
    ...report,
    // Every listed article's verdict is the last run's, taken without reading it.
    articles: { ...report.articles, reused: run.seen, rejected: record.rejected },
    documents: { ...report.documents, unchanged: record.documents },
  };
}
