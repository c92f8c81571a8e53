import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import type { ParseContext } from "../src/articles/article.js";
import { parseArticle } from "../src/articles/parse.js";
import { readTextPage } from "../src/articles/parse-text.js";
import { readingContextFor } from "../src/articles/reading/source-rules.js";
import { parseConfig } from "../src/config.js";

/**
 * `npm run accuracy`: reads every labelled page of test/fixtures/pages/ (format: the README there) the way
 * a publish run would, and compares what was read with the truth a person wrote down. Per field:
 * decision (publish/reject), title (exact), date (to the minute, or to the day in the page's zone where
 * only a day is printed; "none" must be read as undated), clean body (first and last paragraph exact and
 * no furniture string in the body). Title, date and body count over the pages to publish.
 */

export interface Expected {
  site: string;
  language: string;
  layout: string;
  storedAt: string;
  timeZone: string;
  decision: "publish" | "reject";
  title: string | null;
  published: string | null;
  updated: string | null;
  firstParagraph: string | null;
  lastParagraph: string | null;
  mustNotContain: string[];
}

export interface FieldScore {
  right: number;
  total: number;
}

export interface AccuracyReport {
  pages: number;
  decision: FieldScore;
  title: FieldScore;
  date: FieldScore;
  body: FieldScore;
  misses: { id: string; field: string; expected: string; got: string }[];
}

const collapse = (text: string) => text.replace(/\s+/gu, " ").trim();

export const PAGES_DIR = fileURLToPath(new URL("../test/fixtures/pages/", import.meta.url));

export function measureAccuracy(dir: string = PAGES_DIR): AccuracyReport {
  const ids = readdirSync(dir)
    .filter((name) => name.endsWith(".expected.json"))
    .map((name) => name.slice(0, -".expected.json".length))
    .sort();
  const report: AccuracyReport = {
    pages: ids.length,
    decision: { right: 0, total: 0 },
    title: { right: 0, total: 0 },
    date: { right: 0, total: 0 },
    body: { right: 0, total: 0 },
    misses: [],
  };
  const miss = (id: string, field: string, expected: unknown, got: unknown) =>
    report.misses.push({ id, field, expected: String(expected), got: String(got) });

  for (const id of ids) {
    const expected = JSON.parse(readFileSync(path.join(dir, `${id}.expected.json`), "utf8")) as Expected;
    const bytes = readFileSync(path.join(dir, `${id}.txt`));
    // The page's site as a per-source rule, as an operator would configure it; defaults otherwise.
    const config = parseConfig({ sources: [{ match: `${expected.site}/`, timeZone: expected.timeZone }] });
    const key = `${expected.site}/${id}.txt`;
    const ctx: ParseContext = {
      ...readingContextFor(config, key),
      baseUrl: config.baseUrl,
      modifiedTime: expected.storedAt,
      firstSeen: expected.storedAt,
      now: expected.storedAt,
      futureToleranceHours: config.futureToleranceHours,
      minYear: config.minYear,
    };
    const result = parseArticle(key, bytes, ctx);

    report.decision.total++;
    const decided = result.ok ? "publish" : "reject";
    if (decided === expected.decision) report.decision.right++;
    else miss(id, "decision", expected.decision, result.ok ? "publish" : `reject: ${result.error.reason}`);
    if (expected.decision !== "publish") continue;

    report.title.total++;
    report.date.total++;
    report.body.total++;
    if (!result.ok) {
      miss(id, "title", expected.title, "(rejected)");
      miss(id, "date", expected.published, "(rejected)");
      miss(id, "body", expected.firstParagraph, "(rejected)");
      continue;
    }
    const { article } = result;
    if (article.title === expected.title) report.title.right++;
    else miss(id, "title", expected.title, article.title);

    const got = article.undated ? null : article.published;
    if (dateMatches(expected.published, got, expected.timeZone)) report.date.right++;
    else miss(id, "date", expected.published ?? "none", got ?? "none (undated)");

    const body = readTextPage(new TextDecoder().decode(bytes), ctx).body.map(collapse);
    const first = body[0];
    const last = body[body.length - 1];
    const joined = body.join("\n");
    const leaked = expected.mustNotContain.filter((s) => joined.includes(s));
    const problems: string[] = [];
    if (first !== expected.firstParagraph) problems.push(`first paragraph: ${clip(first)}`);
    if (last !== expected.lastParagraph) problems.push(`last paragraph: ${clip(last)}`);
    if (leaked.length) problems.push(`furniture kept: ${leaked.map((s) => JSON.stringify(s)).join(", ")}`);
    if (problems.length === 0) report.body.right++;
    else
      miss(
        id,
        "body",
        `first: ${clip(expected.firstParagraph)} | last: ${clip(expected.lastParagraph)}`,
        problems.join("; "),
      );
  }
  return report;
}

function clip(text: string | null | undefined, max = 90): string {
  if (text === null || text === undefined) return "(none)";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** To the minute when a time is labelled; to the day, in the page's zone, when only a day is. */
export function dateMatches(expected: string | null, got: string | null, timeZone: string): boolean {
  if (expected === null || got === null) return expected === got;
  if (/^\d{4}-\d{2}-\d{2}$/.test(expected))
    return DateTime.fromISO(got, { zone: "utc" }).setZone(timeZone).toISODate() === expected;
  const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);
  return minute(expected) === minute(got);
}

export const percent = ({ right, total }: FieldScore) => (total === 0 ? 100 : (100 * right) / total);

/** `npm run accuracy` reads the labelled corpus; `npm run accuracy -- --holdout` the pages never tuned on. */
export const HOLDOUT_DIR = fileURLToPath(new URL("../test/fixtures/holdout/", import.meta.url));

function main(): void {
  const dir = process.argv.includes("--holdout") ? HOLDOUT_DIR : PAGES_DIR;
  const report = measureAccuracy(dir);
  const row = (name: string, score: FieldScore) =>
    `${name.padEnd(10)} ${percent(score).toFixed(1).padStart(5)}%  (${score.right}/${score.total})`;
  const lines = [
    `labelled pages: ${report.pages} (${dir})`,
    row("decision", report.decision),
    row("title", report.title),
    row("date", report.date),
    row("body", report.body),
  ];
  if (report.misses.length) {
    lines.push("", `misses (${report.misses.length}):`);
    for (const m of report.misses)
      lines.push(`  ${m.id} ${m.field}: expected ${m.expected}\n      got ${m.got}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
