import { afterAll, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/articles/parse.js";
import { BudgetedParser } from "../../src/sandbox/budgeted-parser.js";
import { parseContext } from "../articles/factories.js";
import { emphasisBomb, goodMarkdown, nestedList } from "./dos-inputs.js";

const encode = (text: string) => new TextEncoder().encode(text);

// Budgets far from both outcomes: a good article parses in milliseconds, the hostile ones need minutes
// (or gigabytes), so the verdicts below do not depend on the machine's speed.
const parser = new BudgetedParser({ timeoutMs: 4_000, memoryMb: 128 });
afterAll(() => parser.close());

describe("BudgetedParser", () => {
  it("parses Markdown exactly as the pure parser does", async () => {
    const bytes = encode(goodMarkdown());
    const ctx = parseContext();
    expect(await parser.parse("a.md", bytes, ctx)).toEqual(parseArticle("a.md", bytes, ctx));
  });

  it("rejects the emphasis bomb with a time-budget reason, then goes on parsing", async () => {
    const result = await parser.parse("bomb.md", encode(emphasisBomb()), parseContext());
    expect(result).toEqual({
      ok: false,
      error: {
        key: "bomb.md",
        reason: expect.stringMatching(/^not parsed: took longer than the parsing time budget/),
      },
    });
    const next = await parser.parse("next.md", encode(goodMarkdown("After the bomb")), parseContext());
    expect(next.ok && next.article.title).toBe("After the bomb");
  });

  it("rejects a deeply nested list with a budget reason", async () => {
    const result = await parser.parse("nested.md", encode(nestedList()), parseContext());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.reason).toMatch(
      /^not parsed: (exceeded the parsing memory budget|took longer than the parsing time budget)/,
    );
  });

  it("parses text and JSON articles in this process, the same as the pure parser", async () => {
    const json = encode(JSON.stringify({ title: "J", published: "2024-01-15T10:00:00Z", content_text: "x" }));
    expect(await parser.parse("j.json", json, parseContext())).toEqual(
      parseArticle("j.json", json, parseContext()),
    );
  });
});

describe("BudgetedParser when its process dies between articles", () => {
  it("starts a fresh process for the next article", async () => {
    const own = new BudgetedParser({ timeoutMs: 4_000, memoryMb: 128 });
    try {
      const first = await own.parse("one.md", encode(goodMarkdown("One")), parseContext());
      expect(first.ok).toBe(true);
      // Fault injection: the idle child is killed from outside (an OOM killer, an operator).
      const child = (
        own as unknown as {
          process: { child?: { kill: (s: string) => void; once: (e: string, f: () => void) => void } };
        }
      ).process.child;
      await new Promise<void>((resolve) => {
        child?.once("exit", resolve);
        child?.kill("SIGKILL");
      });
      const second = await own.parse("two.md", encode(goodMarkdown("Two")), parseContext());
      expect(second.ok && second.article.title).toBe("Two");
    } finally {
      own.close();
    }
  });
});

describe("BudgetedParser over a whole run", () => {
  it("stops parsing Markdown once the run's budget is spent, so many hostile articles cannot outlast the run", async () => {
    // Each bomb needs minutes; each costs at least its 1.5 s budget, so after two the run's 2.5 s are spent
    // whatever the machine's speed, and the good article behind them waits for the next run.
    const own = new BudgetedParser({ timeoutMs: 1_500, memoryMb: 128, runTimeoutMs: 2_500 });
    try {
      const reasons: string[] = [];
      for (const key of ["bomb-1.md", "bomb-2.md", "bomb-3.md", "good.md"]) {
        const result = await own.parse(
          key,
          encode(key === "good.md" ? goodMarkdown() : emphasisBomb()),
          parseContext(),
        );
        reasons.push(result.ok ? "published" : result.error.reason);
      }
      const perArticle = /^not parsed: took longer than the parsing time budget/;
      expect(reasons[0]).toMatch(perArticle);
      expect(reasons.filter((reason) => perArticle.test(reason)).length).toBeLessThanOrEqual(2);
      expect(reasons[3]).toMatch(
        /^not parsed: this run's parsing time budget \(2\.5 s\) was spent on other articles/,
      );
    } finally {
      own.close();
    }
  });
});
