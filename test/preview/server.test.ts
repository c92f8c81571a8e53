import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningPreview, startServe } from "../../src/preview/command.js";
import { keyForPath } from "../../src/preview/server.js";
import { planSite } from "../../src/site/plan.js";
import { REPO_ROOT, SEEDS, sampleConfig, seedArticles } from "../site/seed-site.js";

let dir: string;
let preview: RunningPreview;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "preview-"));
  cpSync(SEEDS, path.join(dir, "in"), { recursive: true });
  // A secret beside the published folder, for the traversal tests to try to reach.
  writeFileSync(path.join(dir, "secret.html"), "secret");
  preview = await startServe({
    dir: path.join(dir, "out"),
    from: path.join(dir, "in"),
    config: JSON.parse(readFileSync(path.join(REPO_ROOT, "feed-publisher.config.json"), "utf8")),
    port: 0,
    watch: true,
    publish: true,
    log: (line) => logs.push(line),
  });
});
afterAll(async () => {
  await preview?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request (fetch would normalise `..` away before it reaches the server). */
function get(
  rawPath: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = new URL(preview.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: rawPath, headers, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("feed-publisher serve", () => {
  it("listens on loopback and publishes with baseUrl set to its own origin", async () => {
    expect(preview.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const rss = await get("/rss.xml");
    expect(rss.status).toBe(200);
    expect(rss.body).toContain(`<link>${preview.origin}</link>`);
    expect(rss.body).not.toContain("localhost:8080");
    expect(logs.join("\n")).toMatch(/published 5 articles/);
  });

  it("answers with the same Content-Type and Cache-Control the plan gives S3", async () => {
    const config = { ...sampleConfig(), baseUrl: preview.origin };
    const docs = planSite(seedArticles(config), config);
    expect(docs.length).toBeGreaterThan(10);
    for (const doc of docs) {
      const response = await get(`/${doc.key}`, {}, "HEAD");
      expect([doc.key, response.status]).toEqual([doc.key, 200]);
      expect([doc.key, response.headers["content-type"]]).toEqual([doc.key, doc.contentType]);
      expect([doc.key, response.headers["cache-control"]]).toEqual([doc.key, doc.cacheControl]);
    }
    const index = await get("/");
    expect(index.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(index.body).toContain("<!doctype html>");
  });

  it("answers conditional GETs with 304 (ETag and Last-Modified)", async () => {
    const first = await get("/atom.xml");
    const etag = first.headers.etag as string;
    const lastModified = first.headers["last-modified"] as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(Number.isNaN(Date.parse(lastModified))).toBe(false);
    const byTag = await get("/atom.xml", { "If-None-Match": etag });
    expect(byTag.status).toBe(304);
    expect(byTag.body).toBe("");
    expect((await get("/atom.xml", { "If-Modified-Since": lastModified })).status).toBe(304);
    expect((await get("/atom.xml", { "If-None-Match": '"other"' })).status).toBe(200);
    // If-None-Match decides when both are sent (RFC 9110 §13.2.2).
    expect(
      (await get("/atom.xml", { "If-None-Match": '"other"', "If-Modified-Since": lastModified })).status,
    ).toBe(200);
  });

  it.each([
    "/../secret.html",
    "/%2e%2e/secret.html",
    "/articles/..%2f..%2fsecret.html",
    "/articles/%2e%2e/%2e%2e/secret.html",
    "/..%5csecret.html",
    "/_state/manifest.json",
    "/.feed-publisher/manifest.json",
    "/rss.xml%00.html",
    "/%E0%A4%A",
  ])("refuses %s", async (rawPath) => {
    const response = await get(rawPath);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain("secret");
  });

  it("does not follow a symlink out of the folder", async () => {
    mkdirSync(path.join(dir, "out/articles"), { recursive: true });
    symlinkSync(path.join(dir, "secret.html"), path.join(dir, "out/articles/link.html"));
    expect((await get("/articles/link.html")).status).toBe(404);
  });

  it("refuses methods other than GET and HEAD", async () => {
    expect((await get("/rss.xml", {}, "PUT")).status).toBe(405);
  });

  it("publishes again when a source file changes (--watch)", async () => {
    writeFileSync(
      path.join(dir, "in/new.json"),
      JSON.stringify({ title: "SAMPLE: watched", published: "2022-09-18T10:00:00Z", content_text: "Body." }),
    );
    await expect
      .poll(async () => (await get("/rss.xml")).body, { timeout: 15_000, interval: 200 })
      .toContain("SAMPLE: watched");
    await preview.republished();
  });
});

describe("keyForPath", () => {
  it.each([
    ["/", "index.html"],
    ["/rss.xml", "rss.xml"],
    ["/categories/economy/atom.xml", "categories/economy/atom.xml"],
    ["/articles/%D5%A1.html", "articles/ա.html"],
    ["/a//b", undefined],
    ["/a/./b", undefined],
    ["/a/../b", undefined],
  ])("%s → %s", (input, key) => {
    expect(keyForPath(input)).toBe(key);
  });
});

describe("serve --no-publish", () => {
  it("warns when the folder was published for another origin", async () => {
    const lines: string[] = [];
    const other = await startServe({
      dir: path.join(dir, "out"),
      from: path.join(dir, "in"),
      config: {},
      port: 0,
      watch: false,
      publish: false,
      log: (line) => lines.push(line),
    });
    await other.close();
    expect(lines.join("\n")).toContain(`was published for ${preview.origin}`);
  });
});

describe("serve usage errors", () => {
  it.each([
    [["--port", "http"], 2],
    [["--frobnicate"], 2],
    [["a", "b"], 2],
    [["--from", "/nonexistent/feed-publisher-articles", "--port", "0"], 2],
    [["--help"], 0],
  ])("serve %j exits %i", async (args, code) => {
    const { main } = await import("../../src/cli.js");
    const out: string[] = [];
    const write = (chunk: unknown) => out.push(String(chunk)) > 0;
    const spies = [
      vi.spyOn(process.stdout, "write").mockImplementation(write),
      vi.spyOn(process.stderr, "write").mockImplementation(write),
    ];
    try {
      const dirArg = args.includes("--from") ? [path.join(dir, "usage-out")] : [];
      expect(await main(["serve", ...dirArg, ...args], {})).toBe(code);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(out.join("")).toMatch(code === 0 ? /Usage: feed-publisher serve/ : /./);
  });
});
