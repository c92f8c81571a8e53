import type { ParseResult } from "../article.js";
import type { PageReading } from "./line-roles.js";

const clip = (text: string, max: number) => {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
};

/**
 * What the reader decided about a page, for a person: every line with its role and the rule that decided
 * it, then the resulting title, UTC time, first and last paragraph, and the verdict (with the rejection
 * reason). Pure text, no colours, so it can be pasted into an issue.
 */
export function formatExplanation(reading: PageReading, result: ParseResult): string {
  const width = String(reading.lines.at(-1)?.line ?? 1).length;
  const out: string[] = [];
  for (const { line, text, role, rule } of reading.lines)
    out.push(`${String(line).padStart(width)}  ${role.padEnd(9)}  ${clip(text, 72).padEnd(72)}  ← ${rule}`);
  const first = reading.body[0];
  const last = reading.body.at(-1);
  out.push(
    "",
    `layout:          ${reading.layout === "head-first" ? "head first (date and title at the top)" : "densest block of prose"}`,
    `title:           ${reading.title ?? `(none: ${reading.titleProblem ?? "not found"})`}`,
    `published (UTC): ${reading.published ?? `(none: ${reading.dateProblem ?? "not found"})`}`,
  );
  if (reading.updated) out.push(`updated (UTC):   ${reading.updated}`);
  out.push(
    `paragraphs:      ${reading.body.length}`,
    `first paragraph: ${first === undefined ? "(none)" : clip(first, 200)}`,
    `last paragraph:  ${last === undefined ? "(none)" : clip(last, 200)}`,
  );
  out.push(verdictLine(result));
  return `${out.join("\n")}\n`;
}

/**
 * The same for a `.json` or `.md` article: its fields are read by name, not guessed line by line, so there
 * are no line roles to show; only what the fields gave and the verdict.
 */
export function formatFieldsExplanation(format: "json" | "markdown", result: ParseResult): string {
  const out = [
    `format:          ${format === "json" ? "JSON object" : "Markdown with YAML front matter"} (fields are read by name; no line roles)`,
  ];
  if (result.ok) {
    const { article } = result;
    out.push(`title:           ${article.title}`, `published (UTC): ${article.published}`);
    if (article.updated) out.push(`updated (UTC):   ${article.updated}`);
    out.push(`categories:      ${article.categories.length > 0 ? article.categories.join(", ") : "(none)"}`);
  }
  out.push(verdictLine(result));
  return `${out.join("\n")}\n`;
}

function verdictLine(result: ParseResult): string {
  if (!result.ok) return `verdict:         rejected: ${result.error.reason}`;
  const { article } = result;
  const when = article.undated
    ? `published undated (no date printed; ordered by first-seen time ${article.published})`
    : `published at ${article.published}`;
  return `verdict:         ${when}${article.language ? `, language ${article.language}` : ""}`;
}
