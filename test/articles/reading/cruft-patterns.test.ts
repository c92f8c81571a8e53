// The built-in cruft patterns run as V8 RegExps for speed (src/articles/reading/cruft-patterns.ts); an
// operator's run under RE2 semantics (re2js). Both engines must give every built-in the same verdict, on
// real page lines and on generated lines made of the patterns' own words.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BUILTIN_CRUFT_PATTERNS,
  compilePatterns,
  nativeMatcher,
  re2Matcher,
} from "../../../src/articles/reading/cruft-patterns.js";
import { furnitureKey } from "../../../src/articles/reading/furniture.js";

const builtins = BUILTIN_CRUFT_PATTERNS.map((source) => ({
  source,
  native: nativeMatcher(source),
  re2: re2Matcher(source),
}));

/** Every line of the real pages we keep (test/fixtures/pages, seeds/), and its furniture key. */
function realLines(): string[] {
  const lines = new Set<string>();
  for (const dir of ["test/fixtures/pages", "seeds"])
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".txt")))
      for (const line of readFileSync(path.join(dir, name), "utf8").split(/\r?\n/)) {
        lines.add(line);
        lines.add(furnitureKey(line));
      }
  return [...lines];
}

const disagreements = (line: string) =>
  builtins.filter(({ native, re2 }) => native.test(line) !== re2.test(line)).map(({ source }) => source);

describe("the built-in cruft patterns under V8 and RE2", () => {
  it("give the same verdict on every line of the real pages", () => {
    const lines = realLines();
    expect(lines.length).toBeGreaterThan(1000);
    const differing = lines.flatMap((line) => {
      const sources = disagreements(line);
      return sources.length > 0 ? [{ line, sources }] : [];
    });
    expect(differing).toEqual([]);
  });

  it("give the same verdict on lines made of the patterns' own words", () => {
    // Words and separators taken from the patterns, so generated lines often match (ASCII whitespace
    // only: RE2's \s is ASCII, V8's is Unicode, and the pages above show what real lines hold).
    const words = [
      ...new Set(BUILTIN_CRUFT_PATTERNS.join(" ").match(/[\p{L}'©]+/gu) ?? []),
      "12",
      "2,792",
      "(c)",
      "hotnews.ro",
    ];
    const separator = fc.constantFrom(" ", "", ": ", "  ", "\t", " * ", "… ", ".", "՝ ");
    const line = fc
      .array(fc.tuple(fc.constantFrom(...words), separator), { maxLength: 8 })
      .map((parts) => parts.map(([w, s]) => w + s).join(""));
    const cased = fc.tuple(line, fc.boolean()).map(([l, upper]) => (upper ? l.toUpperCase() : l));
    let matched = 0;
    fc.assert(
      fc.property(cased, (l) => {
        expect(disagreements(l)).toEqual([]);
        if (builtins.some(({ re2 }) => re2.test(l))) matched++;
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: many generated lines are cruft.
    expect(matched).toBeGreaterThan(100);
  });

  it("still runs an operator's pattern under RE2 (a ReDoS shape stays linear)", () => {
    // Under V8's backtracking engine this would not return in years (the test would time out).
    expect(compilePatterns(["^(a+)+$"]).test(`${"a".repeat(5000)}!`)).toBe(false);
  });
});
