import type { z } from "zod";

const NOUNS: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "true or false",
  array: "a list",
  object: "an object",
};

const kindOf = (value: unknown) =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "a list"
      : typeof value === "object"
        ? "an object"
        : typeof value;

/**
 * Plain-language messages for the schema checks that carry no message of their own (zod's defaults read
 * "Too small: expected number to be >=1"). Passed per parse (zod 4's `error` option), so schemas stay
 * free to set their own, more specific messages, which take precedence.
 */
export function humanIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      if (issue.expected === "int" && typeof issue.input === "number") return "must be a whole number";
      return `must be ${NOUNS[issue.expected] ?? issue.expected}, not ${kindOf(issue.input)}`;
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1
          ? "must not be empty"
          : `must have at least ${issue.minimum} characters`;
      if (issue.origin === "array") return `must have at least ${issue.minimum} item(s)`;
      return `must be at least ${issue.minimum}${issue.inclusive ? "" : " (exclusive)"}`;
    case "too_big":
      if (issue.origin === "string") return `must have at most ${issue.maximum} characters`;
      if (issue.origin === "array") return `must have at most ${issue.maximum} item(s)`;
      return `must be at most ${issue.maximum}${issue.inclusive ? "" : " (exclusive)"}`;
    case "invalid_format":
      if (issue.format === "url") return "must be an absolute URL such as https://example.com/";
      if (issue.format === "email") return "must be an e-mail address such as desk@example.com";
      return `must be in ${issue.format} format`;
    default:
      return undefined;
  }
}

/** The candidate closest to `name` by edit distance, if close enough to be a likely typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined;
}

/** Levenshtein distance; hand-written because it is ten lines and only runs on a typo. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `text` parsed as JSON; a syntax error is described with its line and column, as editors count them. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position =
      /at position (\d+)/.exec(message)?.[1] ??
      (/end of JSON input/.test(message) ? String(text.length) : undefined);
    if (position === undefined) return { ok: false, reason: `not valid JSON (${message})` };
    const before = text.slice(0, Number(position));
    const line = before.split("\n").length;
    const column = Number(position) - before.lastIndexOf("\n");
    const what = message
      .replace(/ in JSON at position \d+.*$/, "")
      .replace(/\s*\(line \d+ column \d+\)$/, "");
    return { ok: false, reason: `not valid JSON at line ${line}, column ${column}: ${what}` };
  }
}
