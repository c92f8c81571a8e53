import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  articleText,
  BENCH_CONFIG,
  BENCH_NOW,
  changeFor,
  keyOf,
  SCENARIOS,
  SyntheticSource,
  sizeOf,
  specOf,
} from "../../bench/corpus.js";
import { parseArticle } from "../../src/articles/parse.js";
import { parseConfig } from "../../src/config.js";

// The benchmark's corpus must be what it claims: sizes it lists are the bytes it serves, every article
// publishes (a rejected one would make a scenario measure nothing), and each scenario changes one thing.
const config = parseConfig(BENCH_CONFIG);
const ctx = {
  timeZone: config.timeZone,
  cruftPatterns: config.cruftPatterns,
  baseUrl: config.baseUrl,
  fallbackToModifiedTime: false,
  now: BENCH_NOW.toISOString(),
  futureToleranceHours: config.futureToleranceHours,
  minYear: config.minYear,
};

describe("synthetic benchmark corpus", () => {
  it("lists the byte size it serves, for any article and either body size", () => {
    fc.assert(
      fc.property(
        fc.nat(999_999),
        fc.constantFrom(1700, 5500),
        fc.integer({ min: 1, max: 3 }),
        (i, bytes, version) => {
          const spec = specOf(i, version);
          return new TextEncoder().encode(articleText(spec, bytes)).byteLength === sizeOf(spec, bytes);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("bodies are about 1.7 KB and 5.5 KB", () => {
    expect(sizeOf(specOf(1234), 1700)).toBeGreaterThan(1650);
    expect(sizeOf(specOf(1234), 1700)).toBeLessThan(1850);
    expect(sizeOf(specOf(1234), 5500)).toBeGreaterThan(5400);
    expect(sizeOf(specOf(1234), 5500)).toBeLessThan(5650);
  });

  it("every article publishes, dated in its month, titled as synthetic", () => {
    fc.assert(
      fc.property(fc.nat(999_999), (i) => {
        const result = parseArticle(keyOf(i), new TextEncoder().encode(articleText(specOf(i), 1700)), ctx);
        if (!result.ok) return false;
        const month = Math.floor(i / 1000);
        const expected = `${2000 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}`;
        // The date line is Yerevan time; the month is the month there.
        const local = new Intl.DateTimeFormat("en-CA", {
          timeZone: "Asia/Yerevan",
          year: "numeric",
          month: "2-digit",
        }).format(new Date(result.article.published));
        return result.article.title.includes("Synthetic") && local === expected;
      }),
      { numRuns: 100 },
    );
  });

  it("each scenario changes exactly what it names", async () => {
    const n = 2500;
    const unchanged = await new SyntheticSource(n, 1700, { kind: "none" }).list();
    for (const scenario of SCENARIOS) {
      const listed = await new SyntheticSource(n, 1700, changeFor(scenario, n)).list();
      const before = new Map(unchanged.map((e) => [e.key, e.etag]));
      const after = new Map(listed.map((e) => [e.key, e.etag]));
      const added = [...after.keys()].filter((k) => !before.has(k));
      const removed = [...before.keys()].filter((k) => !after.has(k));
      const edited = [...after].filter(([k, etag]) => before.has(k) && before.get(k) !== etag);
      const counts = [added.length, removed.length, edited.length];
      const expected: Record<string, number[]> = {
        "first run": [0, 0, 0],
        "nothing new": [0, 0, 0],
        "one new article": [1, 0, 0],
        "new article, new month": [1, 0, 0],
        "one edited article": [0, 0, 1],
        "one deleted article": [0, 1, 0],
      };
      expect(counts, scenario).toEqual(expected[scenario]);
    }
  });
});
