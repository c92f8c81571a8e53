import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { xmlProblem } from "../../src/feeds/verify.js";
import { type RunningPreview, startServe } from "../../src/preview/command.js";
import { checkFeedFile, conformanceToolsAvailable, isCi } from "../conformance/validators.js";
import { REPO_ROOT, SEEDS } from "../site/seed-site.js";

// Headless Debian Chromium against `feed-publisher serve`: what a visitor's browser does with our pages
// (CSP, console errors, autodiscovery), which string checks on the HTML cannot show.
const CHROMIUM = "/usr/bin/chromium";
/** Screenshots land here for CI to keep as artifacts (ignored by git). */
const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts/browser");

const present = existsSync(CHROMIUM);
if (!present && !isCi())
  console.warn(`[browser] ${CHROMIUM} not found (apt-get install chromium): SKIPPED locally (fails in CI)`);
const tools = await conformanceToolsAvailable();

describe.skipIf(!present && !isCi())("the preview in headless Chromium", () => {
  let dir: string;
  let preview: RunningPreview;
  let browser: Browser;
  let context: BrowserContext;
  /** Console errors and uncaught exceptions from every page (a CSP violation is a console error). */
  const problems: string[] = [];

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} is required in CI (apt-get install chromium)`);
    dir = mkdtempSync(path.join(tmpdir(), "browser-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    preview = await startServe({
      dir: path.join(dir, "public"),
      from: SEEDS,
      // The sample config, as `npm run serve` uses it (its baseUrl is replaced by the preview's).
      config: JSON.parse(readFileSync(path.join(REPO_ROOT, "feed-publisher.config.json"), "utf8")),
      port: 0,
      watch: false,
      publish: true,
      log: () => {},
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // playwright-core gives every launch a fresh temporary user-data-dir of its own.
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: preview.origin });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = async (url: string): Promise<Page> => {
    const page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`${url}: console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`${url}: page error: ${error.message}`));
    const response = await page.goto(url, { waitUntil: "load" });
    expect(response?.status(), url).toBe(200);
    return page;
  };

  it("loads index.html and every autodiscovered feed validates", async () => {
    const page = await open(preview.origin);
    await page.screenshot({ path: path.join(ARTIFACTS, "index.png"), fullPage: true });
    // The top of the page, small enough for README (docs/preview-index.png is a copy of one).
    await page.screenshot({
      path: path.join(ARTIFACTS, "index-top.png"),
      clip: { x: 0, y: 0, width: 900, height: 760 },
    });
    const links = await page.$$eval('link[rel="alternate"]', (elements) =>
      elements.map((e) => ({
        // Our pages write absolute URLs only, so the attribute is the address.
        href: e.getAttribute("href") ?? "",
        type: e.getAttribute("type") ?? "",
      })),
    );
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const [i, { href, type }] of links.entries()) {
      expect(href.startsWith(preview.origin), href).toBe(true);
      const response = await context.request.get(href);
      expect(response.status(), href).toBe(200);
      expect(response.headers()["content-type"], href).toBe(`${type}; charset=utf-8`);
      const text = await response.text();
      if (tools.ok || isCi()) {
        // The same independent validators as the conformance suite (jing, xmllint, feedparser, npm parsers).
        const file = path.join(dir, `feed-${i}-${path.basename(href)}`);
        writeFileSync(file, text);
        const result = await checkFeedFile(file);
        expect(result.ok, result.details).toBe(true);
      } else if (type === "application/feed+json") {
        expect(JSON.parse(text).version).toBe("https://jsonfeed.org/version/1.1");
      } else {
        expect(xmlProblem(text), href).toBeUndefined();
      }
    }
  });

  it("copies a feed address with the copy button (its script allowed by the CSP hash)", async () => {
    const page = await open(preview.origin);
    const button = page.locator(`button[data-copy="${preview.origin}rss.xml"]`);
    await expect.poll(() => button.isVisible()).toBe(true);
    await button.click();
    await expect.poll(() => button.textContent()).toBe("Copied");
    // The page's own globals; the test files are type-checked without the DOM library.
    const readClipboard = "navigator.clipboard.readText()";
    expect(await page.evaluate(readClipboard)).toBe(`${preview.origin}rss.xml`);
  });

  it("loads an article page with its JSON-LD, and follows its next link", async () => {
    const index = await open(preview.origin);
    const firstArticle = await index.$eval('main a[href*="/articles/"]', (a) => a.getAttribute("href") ?? "");
    const page = await open(firstArticle);
    await page.screenshot({ path: path.join(ARTIFACTS, "article.png"), fullPage: true });
    const jsonLd = await page.$eval('script[type="application/ld+json"]', (s) => s.textContent ?? "");
    expect(JSON.parse(jsonLd)["@type"]).toBe("NewsArticle");
    expect(await page.locator("h1").textContent()).toBeTruthy();
    const older = page.locator('a[rel="prev"]');
    if ((await older.count()) > 0) {
      await older.click();
      await page.waitForLoadState("load");
      expect(page.url()).toContain("/articles/");
    }
  });

  it("logged no console errors and no CSP violations on any page", () => {
    expect(problems).toEqual([]);
  });
});
