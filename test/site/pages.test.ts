import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { COPY_SCRIPT } from "../../src/site/pages.js";
import { planSite } from "../../src/site/plan.js";
import { article } from "./factories.js";
import { sampleConfig } from "./seed-site.js";

const BASE = "https://news.example/";
const settings = sampleConfig({ baseUrl: BASE, itemLimit: 2 });
const corpus = () => [
  article(1, "2024-01-05T10:00:00Z", { title: "First", summary: "The first </script><!-- one" }),
  article(2, "2024-01-06T10:00:00Z", {
    title: "Second",
    url: "https://source.example/2",
    author: "Ann",
    image: "https://img.example/2.jpg",
    updated: "2024-01-07T08:00:00Z",
    categories: ["Politics"],
  }),
  article(3, "2024-01-07T21:30:00Z", { title: "Third", summary: "The third &amp; last" }),
];
const body = (docs: ReturnType<typeof planSite>, key: string) => docs.find((d) => d.key === key)?.body ?? "";

/** The one JSON-LD block of a page, parsed. */
function jsonLd(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error("no JSON-LD block");
  return JSON.parse(match[1]);
}

const metaContent = (html: string, property: string) =>
  new RegExp(`<meta property="${property}" content="([^"]*)">`).exec(html)?.[1];

describe("article pages", () => {
  const docs = planSite(corpus(), settings);
  const second = body(docs, "articles/a2.html");
  const first = body(docs, "articles/a1.html");

  it("carry schema.org NewsArticle JSON-LD with the required fields", () => {
    const data = jsonLd(second);
    expect(data).toMatchObject({
      "@type": "NewsArticle",
      headline: "Second",
      datePublished: "2024-01-06T10:00:00Z",
      dateModified: "2024-01-07T08:00:00Z",
      author: [{ "@type": "Person", name: "Ann" }],
      image: ["https://img.example/2.jpg"],
      mainEntityOfPage: { "@id": "https://source.example/2" },
    });
    // No byline: the configured author, as in the feeds.
    expect(jsonLd(first).author).toEqual([
      { "@type": "Organization", name: "Feed Publisher sample newsroom" },
    ]);
  });

  it("keep a summary's </script> and <!-- inside the JSON-LD string", () => {
    expect(first).not.toContain("</script><!--");
    expect(jsonLd(first).description).toBe("The first </script><!-- one");
  });

  it("carry Open Graph tags", () => {
    expect(metaContent(second, "og:type")).toBe("article");
    expect(metaContent(second, "og:title")).toBe("Second");
    expect(metaContent(second, "og:image")).toBe("https://img.example/2.jpg");
    expect(metaContent(second, "og:url")).toBe("https://source.example/2");
    expect(metaContent(second, "article:published_time")).toBe("2024-01-06T10:00:00Z");
  });

  it("name the source as canonical when the article has one, else the page itself", () => {
    expect(second).toContain('<link rel="canonical" href="https://source.example/2">');
    expect(first).toContain(`<link rel="canonical" href="${BASE}articles/a1.html">`);
  });

  it("show the time of day in the site's zone with its offset", () => {
    // 21:30 UTC on 7 January is 01:30 on 8 January in Asia/Yerevan (UTC+4).
    expect(body(docs, "articles/a3.html")).toContain(
      '<time datetime="2024-01-07T21:30:00Z">2024-01-08 01:30 UTC+4</time>',
    );
  });

  it("link to the previous (older) and next (newer) article", () => {
    expect(second).toContain(`<a rel="prev" href="${BASE}articles/a1.html">← First</a>`);
    expect(second).toContain(`<a rel="next" href="${BASE}articles/a3.html">Third →</a>`);
    expect(first).not.toContain('rel="prev"');
    expect(body(docs, "articles/a3.html")).not.toContain('rel="next"');
  });

  it("re-render only the newest page's neighbour when a newer article arrives", () => {
    const before = new Map(docs.map((d) => [d.key, d.inputDigest]));
    const after = planSite([...corpus(), article(4, "2024-01-08T10:00:00Z", { title: "Fourth" })], settings);
    const changedPages = after
      .filter((d) => d.key.startsWith("articles/") && before.get(d.key) !== d.inputDigest)
      .map((d) => d.key)
      .sort();
    expect(changedPages).toEqual(["articles/a3.html", "articles/a4.html"]);
  });

  it("allow exactly their inline style by hash, and no script at all", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/
      .exec(second)?.[1]
      ?.replaceAll("&#39;", "'");
    const style = /<style>([^<]*)<\/style>/.exec(second)?.[1] ?? "";
    const hash = createHash("sha256").update(style).digest("base64");
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("script-src");
    expect(second).not.toMatch(/<script(?! type="application\/ld\+json")/);
  });
});

describe("index.html", () => {
  const index = body(planSite(corpus(), settings), "index.html");

  it("allows its copy-button script by hash only", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/
      .exec(index)?.[1]
      ?.replaceAll("&#39;", "'");
    const hash = createHash("sha256").update(COPY_SCRIPT).digest("base64");
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(index).toContain(`<script>${COPY_SCRIPT}</script>`);
    expect(csp).not.toContain("unsafe-inline");
  });

  it("explains feeds and offers each feed with a copy button and reader links", () => {
    expect(index).toContain("A feed is a list of the latest articles");
    expect(index).toContain(`<button type="button" data-copy="${BASE}rss.xml" hidden>Copy</button>`);
    expect(index).toContain(`https://feedly.com/i/subscription/feed/${encodeURIComponent(`${BASE}rss.xml`)}`);
    expect(index).toContain(`data-copy="${BASE}categories/politics/rss.xml"`);
  });

  it("shows summaries and times that do not wrap", () => {
    expect(index).toContain('<p class="summary">The third &amp;amp; last</p>');
    expect(index).toContain("time{white-space:nowrap}");
    expect(index).toMatch(/<time datetime="2024-01-06T10:00:00Z">2024-01-06 14:00 UTC\+4<\/time>/);
  });
});
