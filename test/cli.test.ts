import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli.js";
import { REPO_ROOT, SEEDS } from "./site/seed-site.js";

let dir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cli-"));
  cpSync(SEEDS, path.join(dir, "in"), { recursive: true });
  out = [];
  err = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => err.push(String(chunk)) > 0);
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  main(["publish", "--from", path.join(dir, "in"), "--to", path.join(dir, "out"), ...args], {});

describe("feed-publisher publish", () => {
  it("runs on documented defaults without --config and says which defaults it used", async () => {
    expect(await cli()).toBe(0);
    const report = out.join("");
    expect(report).toMatch(/articles seen\s+5/);
    expect(report).toMatch(/defaults used\s+title, description, baseUrl/);
    expect(readFileSync(path.join(dir, "out/rss.xml"), "utf8")).toContain(
      "<link>http://localhost:8080/</link>",
    );
  });

  it("prints the report as JSON with --json", async () => {
    expect(await cli("--config", path.join(REPO_ROOT, "feed-publisher.config.json"), "--json")).toBe(0);
    const report = JSON.parse(out.join(""));
    expect(report.articles.published).toBe(5);
    expect(report.defaultsUsed).not.toContain("timeZone");
  });

  it("exits 0 with rejected articles listed, and 3 with --fail-on-reject", async () => {
    writeFileSync(path.join(dir, "in/bad.txt"), "just a line\n");
    expect(await cli()).toBe(0);
    expect(out.join("")).toMatch(/rejected articles:\n {2}bad\.txt: no article text/);
    expect(await cli("--fail-on-reject")).toBe(3);
  });

  it("exits 2 with one message listing every bad config field", async () => {
    const config = path.join(dir, "bad.json");
    writeFileSync(
      config,
      JSON.stringify({ baseUrl: "not a url", timeZone: "Mars/Olympus", itemLimit: 0, colour: "red" }),
    );
    expect(await cli("--config", config)).toBe(2);
    const message = err.join("");
    for (const field of ["baseUrl", "timeZone", "itemLimit", "colour"]) expect(message).toContain(field);
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("exits 2 on an unknown flag or command, and 0 on --help", async () => {
    expect(await cli("--frobnicate")).toBe(2);
    expect(await main(["serve"], {})).toBe(2);
    expect(await main(["--help"], {})).toBe(0);
    expect(out.join("")).toContain("Usage: feed-publisher publish");
  });

  it("refuses an output folder inside the source folder (feeds would be read back as articles)", async () => {
    const code = await main(
      ["publish", "--from", path.join(dir, "in"), "--to", path.join(dir, "in/out")],
      {},
    );
    expect(code).toBe(2);
    expect(err.join("")).toMatch(/overlaps --from/);
  });

  it("writes nothing with --dry-run", async () => {
    expect(await cli("--dry-run")).toBe(0);
    expect(existsSync(path.join(dir, "out"))).toBe(false);
    expect(out.join("")).toContain("dry run");
  });

  it("exits 2 when --from does not exist or --to is a file", async () => {
    expect(await main(["publish", "--from", path.join(dir, "nope"), "--to", path.join(dir, "out")], {})).toBe(
      2,
    );
    expect(err.join("")).toMatch(/article folder does not exist/);
    writeFileSync(path.join(dir, "out"), "a file where the output folder should be");
    expect(await cli()).toBe(2);
  });

  it("exits 1 when a document cannot be written", async () => {
    mkdirSync(path.join(dir, "out"));
    writeFileSync(path.join(dir, "out/articles"), "a file where the articles folder should be");
    expect(await cli()).toBe(1);
    expect(out.join("")).toMatch(
      /documents not written:[\s\S]*\n {2}articles\/000_835090aee9fb4387\.html: write failed/,
    );
  });
});
