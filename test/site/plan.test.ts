import { describe, expect, it } from "vitest";
import { xmlProblem } from "../../src/feeds/verify.js";
import { categorySlug } from "../../src/site/category-feeds.js";
import { newestFirst, planSite } from "../../src/site/plan.js";
import { article, threeMonths } from "./factories.js";
import { sampleConfig } from "./seed-site.js";

const BASE = "https://news.example/";
const settings = sampleConfig({ baseUrl: BASE, itemLimit: 2, archivePageSize: 2 });

const corpus = threeMonths;

const doc = (key: string) => planSite(corpus(), settings).find((d) => d.key === key)?.body ?? "";

describe("planSite", () => {
  it("orders newest first, ties broken by id", () => {
    const a = article(1, "2024-01-01T00:00:00Z");
    const b = article(2, "2024-01-01T00:00:00Z");
    expect([b, a].sort(newestFirst).map((x) => x.key)).toEqual(["a1.txt", "a2.txt"]);
  });

  it("limits subscription feeds to itemLimit, newest first", () => {
    const json = JSON.parse(doc("feed.json"));
    expect(json.items.map((i: { title: string }) => i.title)).toEqual(["Article 5", "Article 4"]);
    expect(json.items[0].url).toBe("https://source.example/5");
    expect(json.items[1].url).toBe(`${BASE}articles/a4.html`);
  });

  it("archives full pages of archivePageSize entries in arrival order, linked to their neighbours (RFC 5005)", () => {
    // Arrival falls back to the publication date here: pages [1, 2], [3, 6], [4, 5], no open page.
    const first = doc("archive/1/atom.xml");
    expect(first.match(/<entry>/g)).toHaveLength(2);
    expect(first).toContain('xmlns:fh="http://purl.org/syndication/history/1.0"');
    expect(first).toContain("<fh:archive/>");
    expect(first).toContain(`<link rel="current" href="${BASE}atom.xml"/>`);
    expect(first).toContain(`<link rel="next-archive" href="${BASE}archive/2/atom.xml"/>`);
    expect(first).not.toContain("prev-archive");

    const second = doc("archive/2/rss.xml");
    expect([...second.matchAll(/<title>(Article \d)<\/title>/g)].map((m) => m[1])).toEqual([
      "Article 6",
      "Article 3",
    ]);
    expect(second).toContain(
      `<atom:link href="${BASE}archive/1/rss.xml" rel="prev-archive" type="application/rss+xml"/>`,
    );
    expect(second).toContain(`<atom:link href="${BASE}rss.xml" rel="current" type="application/rss+xml"/>`);
    expect(second).toContain(
      `<atom:link href="${BASE}archive/3/rss.xml" rel="next-archive" type="application/rss+xml"/>`,
    );

    const third = doc("archive/3/atom.xml");
    expect(third.match(/<entry>/g)).toHaveLength(2);
    expect(third).not.toContain("next-archive");
    expect(doc("atom.xml")).toContain(`<link rel="prev-archive" href="${BASE}archive/3/atom.xml"/>`);
    expect(doc("atom.xml")).not.toContain("fh:archive");
    expect(doc("archive/1/feed.json")).toBe("");
    expect(doc("index.html")).toContain("Page 2 (2024-02-01 – 2024-02-10)");
    for (const key of ["archive/1/atom.xml", "archive/2/rss.xml", "archive/3/atom.xml", "atom.xml"])
      expect(xmlProblem(doc(key)), key).toBeUndefined();
  });

  it("reaches every article through the subscription feed and the archives", () => {
    const many = Array.from({ length: 9 }, (_, i) =>
      article(i + 1, `2024-03-${String(i + 1).padStart(2, "0")}T10:00:00Z`),
    );
    const docs = planSite(many, settings);
    const ids = new Set(
      docs
        .filter((d) => d.key.endsWith("atom.xml"))
        .flatMap((d) => [...d.body.matchAll(/<id>(urn:[^<]+)<\/id>/g)].map((m) => m[1])),
    );
    for (const a of many) expect(ids.has(a.id), a.id).toBe(true);
  });

  it("gives every category a feed set under a URL-safe slug", () => {
    expect(categorySlug("Politics & Law")).toBe("politics-and-law");
    expect(categorySlug("Քաղաքականություն")).toMatch(/^qaghaqakanutyun-[0-9a-f]{8}$/);
    expect(categorySlug("😀")).toMatch(/^c-[0-9a-f]{8}$/);
    // Names the slug cannot spell out get a hash, so they never share a feed.
    const distinct = [
      "C",
      "C++",
      "C#",
      "Политика 2022",
      "Экономика 2022",
      "COVID-19 в Армении",
      "COVID-19 в России",
    ];
    expect(new Set(distinct.map(categorySlug)).size).toBe(distinct.length);
    expect(categorySlug("Politics")).toBe(categorySlug("politics"));
    expect(JSON.parse(doc("categories/politics-and-law/feed.json")).title).toBe(
      "Feed Publisher sample site: Politics & Law",
    );
  });

  it("never links a feed to a document written in a later stage", () => {
    const docs = planSite(corpus(), settings);
    const stageOf = new Map(docs.map((d) => [BASE + d.key, d.stage]));
    for (const d of docs.filter((x) => x.format !== "html")) {
      // rel="current" in an archive points back at the subscription feed it belongs to (a cycle by design).
      const body = d.body.replace(/<(?:atom:)?link[^>]*rel="current"[^>]*>/g, "");
      for (const [, url] of body.matchAll(/(?:href="|<link>|"url": ")([^"<]+)/g)) {
        const target = stageOf.get(url as string);
        if (target !== undefined && !(d.key.endsWith(".opml") || url === BASE + d.key))
          expect(target, `${d.key} links ${url}`).toBeLessThanOrEqual(d.stage);
      }
    }
  });

  it("declares exactly the site documents each body links to, and a WebSub topic only on subscription feeds", () => {
    const docs = planSite(corpus(), settings);
    const keys = new Set(docs.map((d) => d.key));
    for (const d of docs) {
      // Every URL under the base in the body, mapped to a key (the base itself is the index page).
      const linked = new Set(
        [...d.body.matchAll(/https:\/\/news\.example\/([^"<\s]*)/g)].map(([, path]) => path || "index.html"),
      );
      linked.delete(d.key);
      expect([...linked].sort(), d.key).toEqual([...d.links].sort());
      for (const link of d.links) expect(keys.has(link), `${d.key} → ${link}`).toBe(true);
      const subscription = /^(categories\/[^/]+\/)?(rss\.xml|atom\.xml|feed\.json)$/.test(d.key);
      expect(d.topic, d.key).toBe(subscription ? BASE + d.key : undefined);
    }
  });

  it("is empty of feeds' items but still valid for an empty corpus", () => {
    const docs = planSite([], settings);
    expect(docs.map((d) => d.key).sort()).toEqual([
      "atom.xml",
      "feed.json",
      "feeds.opml",
      "index.html",
      "rss.xml",
    ]);
    for (const d of docs.filter((x) => x.format === "xml")) expect(xmlProblem(d.body), d.key).toBeUndefined();
  });
});

describe("category display names", () => {
  it("prefer a capitalised spelling from metadata over a lower-case folder name", () => {
    const docs = planSite(
      [
        article(1, "2024-01-05T10:00:00Z", { categories: ["economy"] }),
        article(2, "2024-01-04T10:00:00Z", { categories: ["Economy"] }),
      ],
      settings,
    );
    expect(JSON.parse(docs.find((d) => d.key === "categories/economy/feed.json")?.body ?? "{}").title).toBe(
      "Feed Publisher sample site: Economy",
    );
  });
});
