import { describe, expect, it } from "vitest";
import {
  BUILTIN_CRUFT_PATTERNS,
  compilePatterns,
  patternProblem,
} from "../../../src/articles/reading/cruft-patterns.js";
import {
  furnitureKey,
  isCruft,
  isInlinePointer,
  isPrintedTwice,
} from "../../../src/articles/reading/furniture.js";
import { matchesKey, readingContextFor } from "../../../src/articles/reading/source-rules.js";
import { ConfigError, parseConfig } from "../../../src/config.js";

const builtin = compilePatterns(BUILTIN_CRUFT_PATTERNS);

describe("furniture patterns", () => {
  it("match after trimming bullets, trailing colons and counts", () => {
    expect(furnitureKey("• Share:")).toBe("Share");
    expect(furnitureKey("Comments (4)")).toBe("Comments");
    for (const line of [
      "• Share:",
      "Comments (4)",
      "Share this article",
      "Related:",
      "Читайте также:",
      "© 2025 Example News",
    ])
      expect(isCruft(line, builtin), line).toBe(true);
    expect(isCruft("Shares in the company rose by four percent on Monday.", builtin)).toBe(false);
  });

  it("tell an inline 'read also' pointer from a sentence that starts with the same words", () => {
    expect(isInlinePointer("Read also: Parliament approves the budget")).toBe(true);
    expect(isInlinePointer("Смотри также Путин прибыл в Ереван")).toBe(true);
    expect(isInlinePointer("Related to this, the ministry said the talks would go on.")).toBe(false);
    expect(isInlinePointer("See also the statement of the prime minister.")).toBe(false);
  });

  it("run on a linear-time engine: a catastrophic pattern on a long line gives its verdict", () => {
    const patterns = compilePatterns(["^(a+)+$"]);
    // A backtracking engine takes exponential time on this line; RE2 answers in one pass.
    expect(patterns.test(`${"a".repeat(50_000)}b`)).toBe(false);
    expect(patterns.test("a".repeat(50_000))).toBe(true);
  });

  it("are compiled once per list of sources, whatever array holds them (a context built per article)", () => {
    const sources = ["^share$", "^related$"];
    const first = compilePatterns([...sources]);
    expect(compilePatterns([...sources])).toBe(first);
    expect(compilePatterns([...sources, "^more$"])).not.toBe(first);
    expect(() => compilePatterns(["(unclosed"])).toThrow(/\(unclosed/);
  });

  it("are rejected at configuration load when RE2 cannot run them, naming the pattern", () => {
    expect(patternProblem("(?=lookahead)")).toMatch(/\(\?=lookahead\)/);
    const error = (() => {
      try {
        parseConfig({ cruftPatterns: ["^ok$", "(unclosed"] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join("\n")).toMatch(/cruftPatterns\.1.*\(unclosed/);
    expect(() => parseConfig({ sources: [{ match: "a/", cruftPatterns: ["(?<=x)y"] }] })).toThrow(
      /sources\.0\.cruftPatterns\.0/,
    );
  });
});

describe("per-source rules", () => {
  const config = parseConfig({
    timeZone: "Asia/Yerevan",
    cruftPatterns: ["^site-wide$"],
    undated: "reject",
    sources: [
      {
        match: "us/",
        timeZone: "America/New_York",
        dateOrder: "MDY",
        cruftPatterns: ["^us only$"],
        undated: "first-seen",
      },
      { match: "**/ru/*.txt", language: "ru" },
    ],
  });

  it("match by prefix or glob, first match wins, and override the site-wide settings", () => {
    expect(matchesKey("us/", "us/politics/a.txt")).toBe(true);
    expect(matchesKey("**/ru/*.txt", "news/ru/a.txt")).toBe(true);
    expect(matchesKey("**/ru/*.txt", "ru/a.txt")).toBe(true);
    expect(matchesKey("**/ru/*.txt", "news/ru/x/a.txt")).toBe(false);
    const us = readingContextFor(config, "us/a.txt");
    expect(us).toMatchObject({ timeZone: "America/New_York", dateOrder: "MDY", undated: "first-seen" });
    expect(us.cruftPatterns).toEqual([...BUILTIN_CRUFT_PATTERNS, "^site-wide$", "^us only$"]);
    expect(readingContextFor(config, "news/ru/a.txt")).toMatchObject({
      timeZone: "Asia/Yerevan",
      sourceLanguage: "ru",
      undated: "reject",
    });
    expect(readingContextFor(config, "other.txt").cruftPatterns).toEqual([
      ...BUILTIN_CRUFT_PATTERNS,
      "^site-wide$",
    ]);
  });

  it("cruftPatterns add to the built-in list; builtinCruftPatterns: false replaces it", () => {
    const replaced = parseConfig({ cruftPatterns: ["^only this$"], builtinCruftPatterns: false });
    expect(readingContextFor(replaced, "a.txt").cruftPatterns).toEqual(["^only this$"]);
  });

  it("default to first-seen for undated pages, or modified-time with the older switch", () => {
    expect(readingContextFor(parseConfig({}), "a.txt").undated).toBe("first-seen");
    expect(readingContextFor(parseConfig({ fallbackToModifiedTime: true }), "a.txt").undated).toBe(
      "modified-time",
    );
  });
});

// SAMPLE lines (written for this test, not real pages).
describe("a caption printed twice (alt text, then caption)", () => {
  it("is two copies of one caption-sized text", () => {
    expect(isPrintedTwice("Soldiers rest near the front line. Soldiers rest near the front line.")).toBe(
      true,
    );
  });

  it("is not a paragraph that repeats one short phrase over and over", () => {
    expect(isPrintedTwice("Sample body text. ".repeat(40).trim())).toBe(false);
    expect(isPrintedTwice("No more war, no more war, no more war, no more war")).toBe(false);
  });

  it("is not a long paragraph, even one copied twice", () => {
    const long = Array.from({ length: 70 }, (_, i) => `word${i}`).join(" ");
    expect(isPrintedTwice(`${long} ${long}`)).toBe(false);
  });
});
