import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli.js";

let dir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "explain-"));
  out = [];
  err = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => err.push(String(chunk)) > 0);
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

// A SAMPLE page written for this test.
const PAGE = [
  "Home » News",
  "City council approves budget after six-hour debate",
  "Published: March 3, 2025 - 14:20",
  "",
  "The city council approved the new budget on Monday after a debate that lasted more than six hours.",
  "",
  "The budget takes effect in April, the mayor said.",
  "",
  "Share this article",
].join("\n");

describe("feed-publisher explain", () => {
  it("prints every line's role and rule, then the title, UTC time and paragraphs", async () => {
    const file = path.join(dir, "page.txt");
    writeFileSync(file, PAGE);
    expect(await main(["explain", file, "--time-zone", "UTC"])).toBe(0);
    const text = out.join("");
    expect(text).toMatch(/^1\s+skipped\s+Home » News/m);
    expect(text).toMatch(/^2\s+title\s+City council/m);
    expect(text).toMatch(/^3\s+date\s+Published: March 3, 2025 - 14:20\s+← labelled date line/m);
    expect(text).toMatch(/^9\s+furniture\s+Share this article/m);
    expect(text).toMatch(/^published \(UTC\): 2025-03-03T14:20:00Z$/m);
    expect(text).toMatch(/^first paragraph: The city council approved/m);
    expect(text).toMatch(/^last paragraph: {2}The budget takes effect in April/m);
    expect(text).toMatch(/^verdict: +published at 2025-03-03T14:20:00Z$/m);
  });

  it("says why a page is rejected", async () => {
    const file = path.join(dir, "stub.txt");
    writeFileSync(file, "You need to enable JavaScript to run this app.\n");
    expect(await main(["explain", file])).toBe(0);
    expect(out.join("")).toMatch(/^verdict: +rejected: /m);
  });

  it("prints the built-in furniture patterns", async () => {
    expect(await main(["explain", "--cruft"])).toBe(0);
    expect(out.join("")).toContain("all rights reserved");
  });

  it("shows a Markdown or JSON article's fields and verdict, without reading it as a scraped page", async () => {
    expect(await main(["explain", "seeds/culture/sample-jazz-festival.md"])).toBe(0);
    const text = out.join("");
    expect(text).toMatch(/^format: +Markdown with YAML front matter/m);
    expect(text).toMatch(/^categories: +Culture, Music$/m);
    expect(text).toMatch(/^verdict: +published at \d{4}-/m);
    // Front matter is fields, never a paragraph or a line role.
    expect(text).not.toMatch(/categories: \[|paragraph/);

    out.length = 0;
    const file = path.join(dir, "broken.json");
    writeFileSync(file, JSON.stringify({ title: "A SAMPLE without a date" }));
    expect(await main(["explain", file])).toBe(0);
    expect(out.join("")).toMatch(/^verdict: +rejected: /m);
  });

  it("is a usage error without a file", async () => {
    expect(await main(["explain"])).toBe(2);
    expect(err.join("")).toMatch(/Usage: feed-publisher explain/);
  });
});
