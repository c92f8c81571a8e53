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

  it("exits 4 when stopped at --time-limit with work left, and a rerun completes with exit 0", async () => {
    // A limit already over when the first article would be read: the run stops, saves, says so.
    expect(await cli("--time-limit", "0.000001", "--json")).toBe(4);
    const stopped = JSON.parse(out.join(""));
    expect(stopped.incomplete).toMatchObject({ articlesLeft: 5, documentsLeft: null });
    expect(existsSync(path.join(dir, "out/rss.xml"))).toBe(false);
    out = [];
    expect(await cli("--time-limit", "3600")).toBe(0);
    expect(await cli("--time-limit", "soon")).toBe(2);
    expect(err.join("")).toMatch(/--time-limit "soon"/);
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
    expect(await main(["frobnicate"], {})).toBe(2);
    expect(await main(["--help"], {})).toBe(0);
    expect(out.join("")).toContain("Usage: feed-publisher <command>");
    expect(await main(["publish", "--help"], {})).toBe(0);
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

  it("writes nothing with --dry-run, and says how many bytes it would write", async () => {
    expect(await cli("--dry-run")).toBe(0);
    expect(existsSync(path.join(dir, "out"))).toBe(false);
    const report = out.join("");
    expect(report).toContain("dry run");
    expect(report).not.toMatch(/bytes written/);
    const wouldWrite = Number(/bytes to write\s+(\d+)/.exec(report)?.[1]);
    out.length = 0;
    expect(await cli("--json")).toBe(0);
    expect(wouldWrite).toBe(JSON.parse(out.join("")).bytesWritten);
    expect(wouldWrite).toBeGreaterThan(0);
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
    expect(out.join("")).not.toMatch(/^next:/m);
  });

  it("says a --from that is a file is a file, not a missing folder", async () => {
    const file = path.join(dir, "in/000_835090aee9fb4387.txt");
    expect(await main(["publish", "--from", file, "--to", path.join(dir, "out")], {})).toBe(2);
    expect(err.join("")).toMatch(/--from .*000_835090aee9fb4387\.txt is a file/);
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("ends the report with one line saying how to preview it and where to subscribe", async () => {
    expect(await cli("--base-url", "https://feeds.example.com/news/")).toBe(0);
    const lines = out.join("").trimEnd().split("\n");
    const next = lines.at(-1) ?? "";
    expect(next).toMatch(/^next: /);
    expect(next).toContain(
      `npx feed-publisher serve ${path.join(dir, "out")} --from ${path.join(dir, "in")}`,
    );
    expect(next).toContain("https://feeds.example.com/news/rss.xml");
  });

  it("prints no next-step line with --json or --dry-run", async () => {
    expect(await cli("--json")).toBe(0);
    expect(() => JSON.parse(out.join(""))).not.toThrow();
    out.length = 0;
    expect(await cli("--dry-run")).toBe(0);
    expect(out.join("")).not.toMatch(/^next:/m);
  });
});

describe("feed-publisher (the command line as a whole)", () => {
  it("prints help and exits 0 without arguments", async () => {
    expect(await main([], {})).toBe(0);
    expect(out.join("")).toMatch(/Usage: feed-publisher <command>[\s\S]*\n {2}publish /);
    expect(err.join("")).toBe("");
  });

  it("prints the package version with --version", async () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    expect(await main(["--version"], {})).toBe(0);
    expect(out.join("")).toBe(`${version}\n`);
  });

  it("suggests the option a typo meant, without Node's raw parseArgs text", async () => {
    expect(await main(["publish", "--frm", "seeds"], {})).toBe(2);
    const message = err.join("");
    expect(message.split("\n")[0]).toBe("unknown option --frm; did you mean --from?");
    // "seeds" is the mistyped option's value, not an extra argument.
    expect(message.split("\n")[1]).toBe("");
    expect(message).not.toContain("To specify a positional argument");
  });

  it("reports every usage mistake at once: unknown options, a missing value, extra arguments", async () => {
    expect(await main(["publish", "--dryrun", "--colour", "extra-arg", "more", "--to"], {})).toBe(2);
    const [first, second, third, fourth] = err.join("").split("\n");
    expect(first).toBe("unknown option --dryrun; did you mean --dry-run?");
    expect(second).toBe("unknown option --colour");
    expect(third).toBe("option --to needs a value");
    expect(fourth).toBe("unexpected arguments extra-arg more");
  });

  it("suggests the command a typo meant", async () => {
    expect(await main(["pubilsh"], {})).toBe(2);
    expect(err.join("").split("\n")[0]).toBe("unknown command pubilsh; did you mean publish?");
  });

  it("shows a command's help with `help <command>`", async () => {
    expect(await main(["help", "publish"], {})).toBe(0);
    expect(out.join("")).toContain("Usage: feed-publisher publish");
  });
});
