import { type ParseArgsConfig, parseArgs } from "node:util";
import { distance } from "fastest-levenshtein";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** A usage mistake (unknown option, missing value, extra argument): exit 2 with the command's help. */
export class UsageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "UsageError";
  }
}

/** The closest of `candidates` to a mistyped `word`, when it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (best === undefined || d < best.distance) best = { candidate, distance: d };
  }
  // At most a third of the word may differ: "--frm" → "--from", but "--colour" suggests nothing.
  return best && best.distance <= Math.max(1, Math.floor(word.length / 3)) ? best.candidate : undefined;
}

/**
 * node:util parseArgs (dependency-free, strict types) with messages a person can act on: Node's own
 * ("Unknown option '--frm'. To specify a positional argument starting with a '-', …") names no fix.
 * Every problem is reported at once, then a strict parse gives the typed values.
 */
export function parseCommandArgs<const Options extends OptionsConfig>(
  argv: readonly string[],
  options: Options,
  positionals: { max: number },
) {
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const longNames = Object.keys(options).map((name) => `--${name}`);
  const problems: string[] = [];
  const extra: string[] = [];
  let seenPositionals = 0;
  // The value a mistyped option was given (`--frm seeds`) belongs to it, not to the positionals.
  let valueOfUnknown = -1;
  for (const token of tokens) {
    if (token.kind === "positional") {
      if (token.index === valueOfUnknown) continue;
      if (++seenPositionals > positionals.max) extra.push(token.value);
      continue;
    }
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (spec === undefined) {
      const guess = token.rawName.startsWith("--") ? didYouMean(token.rawName, longNames) : undefined;
      problems.push(`unknown option ${token.rawName}${guess ? `; did you mean ${guess}?` : ""}`);
      if (guess && options[guess.slice(2)]?.type === "string" && token.inlineValue === undefined)
        valueOfUnknown = token.index + 1;
    } else if (spec.type === "string" && token.value === undefined) {
      problems.push(`option ${token.rawName} needs a value`);
    } else if (spec.type === "boolean" && token.inlineValue) {
      problems.push(`option ${token.rawName} takes no value`);
    }
  }
  if (extra.length > 0) {
    problems.push(
      positionals.max === 0
        ? `unexpected argument${extra.length > 1 ? "s" : ""} ${extra.join(" ")}`
        : `unexpected extra argument${extra.length > 1 ? "s" : ""} ${extra.join(" ")} (at most ${positionals.max} expected)`,
    );
  }
  if (problems.length > 0) throw new UsageError(problems);
  return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
}
