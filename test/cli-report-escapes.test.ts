import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli.js";
import { terminalSafe } from "../src/terminal-safe.js";

// A file name that, printed raw, clears the screen, retitles the terminal and hides itself (issue 9 item 20).
const HOSTILE = "\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202eevil.txt";

let dir: string;
let out: string[];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cli-escapes-"));
  mkdirSync(path.join(dir, "in"));
  // Rejected (no date line), so its name appears in the report with a reason.
  writeFileSync(path.join(dir, "in", HOSTILE), "\n");
  out = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  main(["publish", "--from", path.join(dir, "in"), "--to", path.join(dir, "out"), ...args], {});

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
const TERMINAL_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("file names in the CLI report", () => {
  it("reach the terminal escaped in the table", async () => {
    await cli();
    const report = out.join("");
    expect(report).toContain("rejected articles:");
    expect(report).not.toMatch(TERMINAL_CONTROLS);
    expect(report).toContain("\\x1B[2J\\x1B]0;pwned\\x07\\x9B31m\\u202Eevil.txt");
  });

  it("reach the terminal escaped in --json, which still parses to the real name", async () => {
    await cli("--json");
    const json = out.join("");
    expect(json).not.toMatch(TERMINAL_CONTROLS);
    expect(JSON.parse(json).articles.rejected.map((r: { key: string }) => r.key)).toEqual([HOSTILE]);
  });

  it("leaves printable text alone", () => {
    expect(terminalSafe("politics/Հայերեն новости é.txt")).toBe("politics/Հայերեն новости é.txt");
  });
});
