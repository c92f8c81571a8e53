import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli.js";
import { REPO_ROOT, SEEDS } from "../site/seed-site.js";

const hasXmllint = (() => {
  try {
    execFileSync("xmllint", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasXmllint) console.warn("[check] xmllint not installed: its part of `check` is SKIPPED");

let dir: string;
let out: string[];
let err: string[];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cli-check-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => err.push(String(chunk)) > 0);
  return () => vi.restoreAllMocks();
});

describe("feed-publisher check", () => {
  it("exits 0 on a freshly published site, 1 with each problem listed once a page is gone", async () => {
    const site = path.join(dir, "site");
    const config = path.join(REPO_ROOT, "feed-publisher.config.json");
    expect(await main(["publish", "--from", SEEDS, "--to", site, "--config", config], {})).toBe(0);
    out.length = 0;
    expect(await main(["check", site], {})).toBe(0);
    expect(out.join("")).toMatch(
      /^checked 25 documents in .*\nlinks under http:\/\/localhost:8080\/\n(xmllint .*\n)?every check passed\n/,
    );

    unlinkSync(path.join(site, "articles/000_835090aee9fb4387.html"));
    out.length = 0;
    expect(await main(["check", site, "--json"], {})).toBe(1);
    const report = JSON.parse(out.join(""));
    expect(report.problems).toContainEqual({
      key: "rss.xml",
      problem: "links to http://localhost:8080/articles/000_835090aee9fb4387.html, which is not published",
    });
  });

  it("exits 2 without a location, on a missing folder, a file, or a bad --base-url", async () => {
    expect(await main(["check"], {})).toBe(2);
    expect(err.join("")).toMatch(/^check needs the published folder/);
    expect(await main(["check", path.join(dir, "nope")], {})).toBe(2);
    const file = path.join(dir, "a-file");
    writeFileSync(file, "x");
    expect(await main(["check", file], {})).toBe(2);
    expect(err.join("")).toMatch(/a-file is a file; give the folder publish wrote/);
    expect(await main(["check", dir, "--base-url", "feeds.example.com"], {})).toBe(2);
    expect(await main(["check", dir, "extra"], {})).toBe(2);
    expect(err.join("")).toMatch(/unexpected extra argument extra/);
  });

  it.skipIf(!hasXmllint)("asks xmllint too when it is installed, and lists what it rejects", async () => {
    const site = path.join(dir, "xmllint-site");
    expect(await main(["publish", "--from", SEEDS, "--to", site], {})).toBe(0);
    const broken = path.join(site, "categories/politics/atom.xml");
    writeFileSync(broken, "<feed><unclosed></feed>");
    out.length = 0;
    expect(await main(["check", site], {})).toBe(1);
    const text = out.join("");
    expect(text).toMatch(/^xmllint agreed on 12 of 13 XML documents$/m);
    expect(text).toContain("categories/politics/atom.xml: xmllint: not well-formed");
    expect(text).toMatch(/categories\/politics\/atom\.xml: not well-formed XML: /);
  });
});
