import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalCategoryNames, DISCOVERED_CATEGORY_LIMIT } from "../../src/site/categories.js";
import { planSite } from "../../src/site/plan.js";
import { article } from "./factories.js";
import { sampleConfig } from "./seed-site.js";

const settings = sampleConfig({ baseUrl: "https://news.example/" });
const keys = (docs: ReturnType<typeof planSite>) => docs.map((d) => d.key);

describe("category names", () => {
  it("prefer a capitalised spelling, then the commoner one, then code-unit order", () => {
    const names = (cats: string[][]) =>
      [
        ...canonicalCategoryNames(
          cats.map((c, i) => article(i, "2024-01-01T00:00:00Z", { categories: c })),
        ).values(),
      ].sort();
    expect(names([["politics"], ["Politics"], ["politics"]])).toEqual(["Politics"]);
    expect(names([["ECONOMY"], ["Economy"], ["Economy"]])).toEqual(["Economy"]);
    expect(names([["ECONOMY"], ["Economy"]])).toEqual(["ECONOMY"]);
    // All lower-case (folder names): the first letter is capitalised.
    expect(names([["politics"], ["culture"]])).toEqual(["Culture", "Politics"]);
  });

  it("is the same in every item and feed, whatever order the articles arrive in", () => {
    const corpus = () => [
      article(1, "2024-01-01T00:00:00Z", { key: "politics/a1.txt", categories: ["politics"] }),
      article(2, "2024-01-02T00:00:00Z", { categories: ["Politics", "Economy"] }),
      article(3, "2024-01-03T00:00:00Z", { categories: ["economy"] }),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(corpus(), { minLength: 3, maxLength: 3 }), (shuffled) => {
        const docs = planSite(shuffled, settings);
        const rss = docs.find((d) => d.key === "rss.xml")?.body ?? "";
        expect([...rss.matchAll(/<category>([^<]*)<\/category>/g)].map((m) => m[1]).sort()).toEqual([
          "Economy",
          "Economy",
          "Politics",
          "Politics",
        ]);
        expect(JSON.parse(docs.find((d) => d.key === "categories/economy/feed.json")?.body ?? "").title).toBe(
          "Feed Publisher sample site: Economy",
        );
      }),
      { numRuns: 20 },
    );
  });
});

describe("categoryFeeds setting", () => {
  const corpus = () => [
    article(1, "2024-01-01T00:00:00Z", { key: "politics/a1.txt", categories: ["politics", "Elections"] }),
    article(2, "2024-01-02T00:00:00Z", { categories: ["Economy"] }),
  ];
  const categoryKeys = (setting: Parameters<typeof sampleConfig>[0]) =>
    keys(planSite(corpus(), { ...settings, ...setting }))
      .filter((k) => k.startsWith("categories/") && k.endsWith("rss.xml"))
      .sort();

  it("all (the default) gives every category a feed set", () => {
    expect(categoryKeys({})).toEqual([
      "categories/economy/rss.xml",
      "categories/elections/rss.xml",
      "categories/politics/rss.xml",
    ]);
  });
  it("folders gives feeds only to categories named by a source folder", () => {
    expect(categoryKeys({ categoryFeeds: "folders" })).toEqual(["categories/politics/rss.xml"]);
  });
  it("a list gives feeds to the listed names, matched by slug", () => {
    expect(categoryKeys({ categoryFeeds: ["ECONOMY", "Nothing"] })).toEqual(["categories/economy/rss.xml"]);
  });
  it("none gives no category feeds, and items keep their categories", () => {
    const docs = planSite(corpus(), { ...settings, categoryFeeds: "none" });
    expect(keys(docs).some((k) => k.startsWith("categories/"))).toBe(false);
    expect(docs.find((d) => d.key === "rss.xml")?.body).toContain("<category>Elections</category>");
  });
});

describe("index autodiscovery", () => {
  it("advertises the main feeds plus the biggest few category feeds, and lists every feed below", () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      article(i + 1, `2024-01-${String(i + 1).padStart(2, "0")}T00:00:00Z`, {
        categories: [`Topic ${String.fromCharCode(65 + i)}`, ...(i < 6 ? ["Big"] : [])],
      }),
    );
    const index = planSite(many, settings).find((d) => d.key === "index.html")?.body ?? "";
    const head = index.slice(0, index.indexOf("</head>"));
    const discovered = [
      ...head.matchAll(/<link rel="alternate" type="application\/rss\+xml"[^>]*href="([^"]*)"/g),
    ].map((m) => m[1]);
    expect(discovered).toHaveLength(1 + DISCOVERED_CATEGORY_LIMIT);
    // The main feed in all three formats, each advertised category feed once.
    expect(head.match(/<link rel="alternate"/g)).toHaveLength(3 + DISCOVERED_CATEGORY_LIMIT);
    expect(discovered).toContain("https://news.example/rss.xml");
    expect(discovered).toContain("https://news.example/categories/big/rss.xml");
    expect(index.match(/data-copy="[^"]*categories\/[^"]*rss\.xml"/g)).toHaveLength(13);
  });
});
