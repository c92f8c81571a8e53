import { execFile } from "node:child_process";
import { type Dirent, existsSync } from "node:fs";
import { access, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseFeed as parseWithRowanmanning } from "@rowanmanning/feed-parser";
import { parseOpml as parseOpmlWithFeedsmith, parseFeed as parseWithFeedsmith } from "feedsmith";
import { z } from "zod";
import { jsonFeed11Schema } from "../../src/check/json-feed.js";

// House rule 6: feed output is judged by parsers and validators we did not write.
// Nothing in this file may import from src/ except src/check/ (the spec readings `feed-publisher check`
// shares, which import nothing from the builders), or a builder bug could be "confirmed" by itself.

export const repoRoot: string = fileURLToPath(new URL("../../", import.meta.url));
// shared/ sits beside the clone in CI (../shared) and two levels up from a git worktree (/work/wt/NAME has
// /work/shared), so the path is looked for relative to the repo, never hard-coded; FEED_SHARED_DIR overrides.
function findSharedFile(relative: string): string {
  if (process.env.FEED_SHARED_DIR) return path.resolve(process.env.FEED_SHARED_DIR, relative);
  const candidates = [
    path.resolve(repoRoot, "../shared", relative),
    path.resolve(repoRoot, "../../shared", relative),
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? (candidates[0] as string);
}
export const atomSchemaPath: string = findSharedFile("conformance/atom.rnc");
const feedparserScript = fileURLToPath(new URL("./feedparser_check.py", import.meta.url));
// Debian's python3-feedparser is only importable by the system interpreter, not by a pyenv/venv python3 on PATH.
const systemPython = "/usr/bin/python3";

export interface CheckResult {
  ok: boolean;
  details: string;
}

interface RunOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError: string | null;
}

function run(command: string, args: readonly string[], timeoutMs = 60_000): Promise<RunOutput> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ code: 0, stdout, stderr, spawnError: null });
          return;
        }
        const code = typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr, spawnError: code === null ? error.message : null });
      },
    );
  });
}

function describeRun(label: string, out: RunOutput): string {
  if (out.spawnError !== null) {
    return `${label}: could not run (${out.spawnError})`;
  }
  // Debian's jing wrapper warns about optional jars (batik, xml-apis) on every run; they are noise, not findings.
  const stderr = out.stderr
    .split("\n")
    .filter((line) => !/^\[warning\] .*Unable to locate/.test(line))
    .join("\n");
  return [`${label}: exit ${out.code}`, out.stdout.trim(), stderr.trim()].filter(Boolean).join("\n");
}

export function isCi(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

export interface ToolsStatus extends CheckResult {
  missing: string[];
}

export async function conformanceToolsAvailable(): Promise<ToolsStatus> {
  const missing: string[] = [];
  // jing without arguments prints its usage and exits 2: only a spawn failure means it is absent.
  const jing = await run("jing", [], 30_000);
  if (jing.spawnError !== null) missing.push("jing (apt-get install jing)");
  const xmllint = await run("xmllint", ["--version"], 30_000);
  if (xmllint.spawnError !== null) missing.push("xmllint (apt-get install libxml2-utils)");
  const python = await run(systemPython, ["-c", "import feedparser"], 30_000);
  if (python.code !== 0) missing.push(`feedparser for ${systemPython} (apt-get install python3-feedparser)`);
  try {
    await access(atomSchemaPath);
  } catch {
    missing.push(`Atom RELAX NG schema at ${atomSchemaPath} (shared/ must sit beside the repo)`);
  }
  return {
    ok: missing.length === 0,
    missing,
    details:
      missing.length === 0
        ? "jing, xmllint, feedparser and atom.rnc are available"
        : `missing conformance tools: ${missing.join("; ")}`,
  };
}

export async function validateAtomSchema(file: string): Promise<CheckResult> {
  const out = await run("jing", ["-c", atomSchemaPath, file]);
  return { ok: out.code === 0, details: describeRun(`jing -c atom.rnc ${file}`, out) };
}

export async function xmllintWellFormed(file: string): Promise<CheckResult> {
  // --nonet: a DOCTYPE must never make a test depend on (or leak to) the network.
  const out = await run("xmllint", ["--noout", "--nonet", file]);
  return { ok: out.code === 0, details: describeRun(`xmllint --noout ${file}`, out) };
}

const feedparserEntrySchema = z.object({
  id: z.string().nullable(),
  title: z.string().nullable(),
  link: z.string().nullable(),
  published: z.string().nullable(),
  updated: z.string().nullable(),
  summary: z.string().nullable(),
  content: z.string().nullable(),
  tags: z.array(z.string().nullable()),
});

const feedparserOutputSchema = z.object({
  bozo: z.boolean(),
  bozoException: z.string().nullable(),
  version: z.string(),
  title: z.string().nullable(),
  link: z.string().nullable(),
  entryCount: z.number().int(),
  entries: z.array(feedparserEntrySchema),
});

export type FeedparserEntry = z.infer<typeof feedparserEntrySchema>;
export type FeedparserOutput = z.infer<typeof feedparserOutputSchema>;
export interface FeedparserResult extends CheckResult, FeedparserOutput {}

export async function parseWithFeedparser(file: string): Promise<FeedparserResult> {
  const out = await run(systemPython, [feedparserScript, file]);
  const failed = (details: string): FeedparserResult => ({
    ok: false,
    details,
    bozo: true,
    bozoException: null,
    version: "",
    title: null,
    link: null,
    entryCount: 0,
    entries: [],
  });
  if (out.code !== 0) return failed(describeRun(`feedparser ${file}`, out));
  let json: unknown;
  try {
    json = JSON.parse(out.stdout);
  } catch (error) {
    return failed(`feedparser ${file}: unreadable output (${String(error)}): ${out.stdout.slice(0, 500)}`);
  }
  const parsed = feedparserOutputSchema.safeParse(json);
  if (!parsed.success) return failed(`feedparser ${file}: unexpected output shape: ${parsed.error.message}`);
  const report = parsed.data;
  // version "" is feedparser's way of saying "this is not a feed I recognise", even without bozo.
  const ok = !report.bozo && report.version !== "";
  const details = ok
    ? `feedparser ${file}: ${report.version}, ${report.entryCount} entries`
    : `feedparser ${file}: bozo=${report.bozo} version=${JSON.stringify(report.version)} ${report.bozoException ?? ""}`.trim();
  return { ...report, ok, details };
}

export interface ParsedItem {
  id: string | null;
  title: string | null;
  link: string | null;
}

export interface ParserView {
  ok: boolean;
  error: string | null;
  format: string | null;
  title: string | null;
  items: ParsedItem[];
}

export interface NpmParsersResult extends CheckResult {
  rowanmanning: ParserView;
  feedsmith: ParserView;
}

function failedView(error: unknown): ParserView {
  return {
    ok: false,
    error: error instanceof Error ? error.message : String(error),
    format: null,
    title: null,
    items: [],
  };
}

function viewWithRowanmanning(xmlText: string): ParserView {
  try {
    const feed = parseWithRowanmanning(xmlText);
    return {
      ok: true,
      error: null,
      format: feed.meta.type,
      title: feed.title,
      items: feed.items.map((item) => ({ id: item.id, title: item.title, link: item.url })),
    };
  } catch (error) {
    return failedView(error);
  }
}

function viewWithFeedsmith(text: string): ParserView {
  try {
    const parsed = parseWithFeedsmith(text);
    switch (parsed.format) {
      case "atom":
        return {
          ok: true,
          error: null,
          format: "atom",
          title: parsed.feed.title?.value ?? null,
          items: (parsed.feed.entries ?? []).map((entry) => {
            // RFC 4287 §4.2.7.2: a link without rel is an alternate link.
            const links = entry.links ?? [];
            const alternate = links.find((link) => (link.rel ?? "alternate") === "alternate") ?? links[0];
            return { id: entry.id ?? null, title: entry.title?.value ?? null, link: alternate?.href ?? null };
          }),
        };
      case "rss":
        return {
          ok: true,
          error: null,
          format: "rss",
          title: parsed.feed.title ?? null,
          items: (parsed.feed.items ?? []).map((item) => ({
            id: item.guid?.value ?? null,
            title: item.title ?? null,
            link: item.link ?? null,
          })),
        };
      case "json":
        return {
          ok: true,
          error: null,
          format: "json",
          title: parsed.feed.title ?? null,
          items: (parsed.feed.items ?? []).map((item) => ({
            id: item.id ?? null,
            title: item.title ?? null,
            link: item.url ?? null,
          })),
        };
      default:
        return {
          ok: false,
          error: `unexpected format ${parsed.format}`,
          format: parsed.format,
          title: null,
          items: [],
        };
    }
  } catch (error) {
    return failedView(error);
  }
}

// rowanmanning resolves links through new URL(), which adds a trailing "/" to bare origins; compare the
// resolved form so that only a real disagreement about *which* link counts.
function normaliseLink(link: string | null): string | null {
  if (link === null) return null;
  return URL.canParse(link) ? new URL(link).href : link;
}

function compareItems(
  leftName: string,
  left: ParsedItem[],
  rightName: string,
  right: ParsedItem[],
): string[] {
  if (left.length !== right.length) {
    return [`${leftName} saw ${left.length} items, ${rightName} saw ${right.length}`];
  }
  const problems: string[] = [];
  left.forEach((item, index) => {
    const other = right[index];
    if (other === undefined) return;
    if (item.id !== other.id) {
      problems.push(
        `item ${index}: id ${JSON.stringify(item.id)} (${leftName}) vs ${JSON.stringify(other.id)} (${rightName})`,
      );
    }
    if (normaliseLink(item.link) !== normaliseLink(other.link)) {
      problems.push(
        `item ${index}: link ${JSON.stringify(item.link)} (${leftName}) vs ${JSON.stringify(other.link)} (${rightName})`,
      );
    }
  });
  return problems;
}

export async function parseWithNpmParsers(xmlText: string): Promise<NpmParsersResult> {
  const rowanmanning = viewWithRowanmanning(xmlText);
  const feedsmith = viewWithFeedsmith(xmlText);
  const problems: string[] = [];
  if (!rowanmanning.ok) problems.push(`@rowanmanning/feed-parser failed: ${rowanmanning.error}`);
  if (!feedsmith.ok) problems.push(`feedsmith failed: ${feedsmith.error}`);
  if (rowanmanning.ok && feedsmith.ok) {
    if (rowanmanning.format !== feedsmith.format) {
      problems.push(`format: ${rowanmanning.format} (@rowanmanning) vs ${feedsmith.format} (feedsmith)`);
    }
    // Titles are not compared: feedsmith keeps type="html" text as markup, rowanmanning decodes it.
    problems.push(...compareItems("@rowanmanning", rowanmanning.items, "feedsmith", feedsmith.items));
  }
  return {
    ok: problems.length === 0,
    details:
      problems.length === 0
        ? `npm parsers agree: ${rowanmanning.format}, ${rowanmanning.items.length} items`
        : problems.join("\n"),
    rowanmanning,
    feedsmith,
  };
}

// ---- JSON Feed 1.1: the zod reading of the spec lives in src/check/json-feed.ts (no builder code) ----

export interface JsonFeedResult extends CheckResult {
  issues: string[];
  feedsmith: ParserView;
}

export async function validateJsonFeed(jsonText: string): Promise<JsonFeedResult> {
  const feedsmith = viewWithFeedsmith(jsonText);
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch (error) {
    const issues = [`not JSON: ${error instanceof Error ? error.message : String(error)}`];
    return { ok: false, details: issues.join("\n"), issues, feedsmith };
  }
  const parsed = jsonFeed11Schema.safeParse(json);
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`);
  if (!feedsmith.ok) issues.push(`feedsmith failed: ${feedsmith.error}`);
  else if (feedsmith.format !== "json")
    issues.push(`feedsmith read it as ${feedsmith.format}, not JSON Feed`);
  if (parsed.success && feedsmith.ok) {
    const ours = parsed.data.items.map((item) => ({
      id: item.id,
      title: item.title ?? null,
      link: item.url ?? null,
    }));
    issues.push(...compareItems("JSON.parse", ours, "feedsmith", feedsmith.items));
  }
  return {
    ok: issues.length === 0,
    details: issues.length === 0 ? "JSON Feed 1.1 valid; feedsmith agrees" : issues.join("\n"),
    issues,
    feedsmith,
  };
}

// ---- One file, every applicable independent check ----

export type FeedKind = "atom" | "rss" | "json" | "opml" | "html" | "unknown";

export interface FeedFileResult extends CheckResult {
  file: string;
  kind: FeedKind;
  checks: Record<string, CheckResult>;
}

// The root element decides the kind, not a substring search: an RSS item's CDATA may well contain "<feed".
function rootElementName(text: string): string | null {
  let rest = text.replace(/^\uFEFF/, "");
  for (;;) {
    rest = rest.trimStart();
    const prolog = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)/i.exec(rest);
    if (prolog === null) break;
    rest = rest.slice(prolog[0].length);
  }
  const name = /^<([A-Za-z_][\w.:-]*)/.exec(rest)?.[1];
  return name === undefined ? null : (name.split(":").pop() ?? name);
}

function kindOf(file: string, text: string): FeedKind {
  const extension = path.extname(file).toLowerCase();
  if (extension === ".json") return "json";
  if (extension === ".html" || extension === ".htm") return "html";
  switch (rootElementName(text)) {
    case "feed":
      return "atom";
    case "rss":
      return "rss";
    case "opml":
      return "opml";
    default:
      return "unknown";
  }
}

function agreement(feedparser: FeedparserResult, npm: NpmParsersResult): CheckResult {
  if (!feedparser.ok || !npm.ok) return { ok: true, details: "skipped: a parser already failed" };
  const fromFeedparser = feedparser.entries.map((entry) => ({
    id: entry.id,
    title: entry.title,
    link: entry.link,
  }));
  const problems = [
    ...compareItems("feedparser", fromFeedparser, "@rowanmanning", npm.rowanmanning.items),
    ...compareItems("feedparser", fromFeedparser, "feedsmith", npm.feedsmith.items),
  ];
  return {
    ok: problems.length === 0,
    details:
      problems.length === 0 ? "feedparser and npm parsers agree on ids and links" : problems.join("\n"),
  };
}

function expectVersion(result: FeedparserResult, version: string): CheckResult {
  if (!result.ok || result.version === version) return result;
  return {
    ok: false,
    details: `${result.details}\nexpected feedparser version ${version}, got ${result.version}`,
  };
}

function combine(file: string, kind: FeedKind, checks: Record<string, CheckResult>): FeedFileResult {
  const failures = Object.entries(checks).filter(([, check]) => !check.ok);
  return {
    file,
    kind,
    checks,
    ok: failures.length === 0,
    details:
      failures.length === 0
        ? `${file} (${kind}): ${Object.keys(checks).join(", ")} passed`
        : `${file} (${kind}) failed:\n${failures.map(([name, check]) => `[${name}] ${check.details}`).join("\n")}`,
  };
}

export async function checkFeedFile(file: string): Promise<FeedFileResult> {
  const text = await readFile(file, "utf8");
  const kind = kindOf(file, text);
  switch (kind) {
    case "json":
      return combine(file, kind, { jsonFeed: await validateJsonFeed(text) });
    case "atom":
    case "rss": {
      const [xmllint, schema, feedparser, npm] = await Promise.all([
        xmllintWellFormed(file),
        kind === "atom" ? validateAtomSchema(file) : Promise.resolve(null),
        parseWithFeedparser(file),
        parseWithNpmParsers(text),
      ]);
      const checks: Record<string, CheckResult> = { xmllint };
      if (schema !== null) checks.jing = schema;
      checks.feedparser = expectVersion(feedparser, kind === "atom" ? "atom10" : "rss20");
      checks.npmParsers = npm;
      checks.agreement = agreement(feedparser, npm);
      return combine(file, kind, checks);
    }
    case "opml": {
      let feedsmith: CheckResult;
      try {
        const opml = parseOpmlWithFeedsmith(text);
        feedsmith = {
          ok: true,
          details: `feedsmith: ${opml.body?.outlines?.length ?? 0} top-level outlines`,
        };
      } catch (error) {
        feedsmith = { ok: false, details: `feedsmith OPML parse failed: ${String(error)}` };
      }
      return combine(file, kind, { xmllint: await xmllintWellFormed(file), feedsmith });
    }
    case "html":
      // HTML5 pages are not XML; xmllint would reject valid HTML, so pages are left to other tests.
      return {
        file,
        kind,
        checks: {},
        ok: true,
        details: `${file}: HTML page, not a feed document; not checked here`,
      };
    case "unknown":
      return combine(file, kind, {
        kind: {
          ok: false,
          details: `root element <${rootElementName(text)}> is not <feed>, <rss> or <opml>`,
        },
      });
  }
}

const feedExtensions = new Set([".xml", ".atom", ".rss", ".json", ".opml"]);

// Folders starting with "_" or "." hold private state (e.g. _state/manifest.json), which is not a feed.
export async function listFeedFiles(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFeedFiles(full)));
    else if (entry.isFile() && feedExtensions.has(path.extname(entry.name).toLowerCase())) files.push(full);
  }
  return files.sort();
}
