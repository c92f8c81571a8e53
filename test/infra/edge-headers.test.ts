// The CloudFront response headers (issue 9 item 13) in a real browser: the published pages, served with
// the header CSP from infra/params.cjs on top of their own <meta> policy, must load without the browser
// reporting anything (a blocked style or script is reported on the console), and must refuse to be
// framed, even by a page of their own origin. Headless Debian chromium, no driver: its console goes to
// stderr, and the framing page writes its own verdict into the DOM chromium dumps.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, readTree, runCli } from "../faults/harness.js";

const CHROMIUM = "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
const ci = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";
if (!present && !ci) console.warn(`[edge headers] ${CHROMIUM} not found (apt-get install chromium): SKIPPED`);

type Params = (input: { resolveVariable: (variable: string) => Promise<unknown> }) => Promise<{
  contentSecurityPolicy: string;
}>;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".json": "application/json",
};

/** Tries to frame `target` from the same origin; writes "framed" or "blocked" where chromium dumps it. */
const framer = (target: string) => `<!doctype html><html><head><title>framer</title></head><body>
<iframe id="f" src="${target}"></iframe><p id="verdict">pending</p>
<script>
document.getElementById("f").addEventListener("load", () => {
  let framed = false;
  try { framed = document.getElementById("f").contentDocument.querySelector("h1, main") !== null; } catch {}
  document.getElementById("verdict").textContent = framed ? "framed" : "blocked";
});
</script></body></html>`;

describe.skipIf(!present && !ci)("the CloudFront security headers in headless Chromium", () => {
  let dir: string;
  let server: Server;
  let origin: string;
  let pages: string[];

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is required in CI (apt-get install chromium)`);
    const resolveParams = createRequire(import.meta.url)("../../infra/params.cjs") as Params;
    const { contentSecurityPolicy } = await resolveParams({
      resolveVariable: async (variable) =>
        variable === "aws:region"
          ? "eu-central-1"
          : (
              {
                bucketName: "feeds-bucket",
                existingBucket: "false",
                cdn: "true",
                articlesPrefix: "articles/",
                outputPrefix: "public/",
                schedule: "rate(15 minutes)",
                baseUrl: "",
                itemLimit: "50",
                feedMaxAgeSeconds: "300",
                pageMaxAgeSeconds: "3600",
                logRetentionInDays: "30",
                noncurrentVersionDays: "30",
                eventBatchSize: "1000",
                eventBatchingWindowSeconds: "60",
                missedSchedulesBeforeAlarm: "3",
                rebuildBatchSize: "1000",
                rebuildConcurrency: "40",
                rebuildMemorySize: "3008",
              } as Record<string, string>
            )[variable.replace(/^param:/, "")],
    });
    dir = await mkdtemp(path.join(tmpdir(), "feed-publisher-edge-"));
    const output = path.join(dir, "public");
    const published = await runCli(path.join(REPO_ROOT, "seeds"), output);
    expect(published.code, published.stderr).toBe(0);
    const site = await readTree(output);
    pages = [...site.keys()].filter((key) => key.endsWith(".html") && !key.startsWith("_state/"));

    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (url.pathname === "/framer.html") {
        // The attacker's page: no headers of ours.
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(framer(url.searchParams.get("target") ?? "/index.html"));
        return;
      }
      const key = decodeURIComponent(url.pathname.slice(1)) || "index.html";
      const body = site.get(key);
      if (!body || key.includes("..")) {
        res.writeHead(404).end();
        return;
      }
      // What FeedsSecurityHeadersPolicy adds (infra/cdn.yml); the CSP is the template's own string.
      res.writeHead(200, {
        "content-type": TYPES[path.extname(key)] ?? "application/octet-stream",
        "content-security-policy": contentSecurityPolicy,
        "x-frame-options": "DENY",
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const chromium = async (url: string) => {
    const { stdout, stderr } = await promisify(execFile)(
      CHROMIUM,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=3000",
        "--dump-dom",
        url,
      ],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, HOME: dir } },
    );
    // Console messages of the page (CSP violations among them), not chromium's own start-up chatter.
    const console = stderr.split("\n").filter((line) => line.includes(":CONSOLE"));
    return { dom: stdout, console };
  };

  it("loads the index and an article page with nothing reported on the console", async () => {
    const article = pages.find((key) => key.startsWith("articles/"));
    expect(article).toBeDefined();
    for (const page of ["index.html", article as string]) {
      const { dom, console } = await chromium(`${origin}/${page}`);
      expect(console, page).toEqual([]);
      expect(dom, page).toMatch(/<\/html>/);
    }
  }, 120_000);

  it("refuses to be framed, even by a page of its own origin", async () => {
    const control = await readFile(path.join(dir, "public", "index.html"), "utf8");
    expect(control).toMatch(/<h1|<main/);
    const { dom } = await chromium(`${origin}/framer.html?target=/index.html`);
    expect(dom).toMatch(/<p id="verdict">blocked<\/p>/);
  }, 120_000);
});
