import { describe, expect, it } from "vitest";
import { dedupeArticles } from "../../src/articles/dedupe.js";
import { article } from "./factories.js";

describe("dedupeArticles", () => {
  it("keeps distinct articles unchanged, in key order", () => {
    const b = article({ key: "b.txt" });
    const a = article({ key: "a.txt" });
    const { articles, rejected } = dedupeArticles([b, a]);
    expect(articles).toEqual([a, b]);
    expect(rejected).toEqual([]);
  });

  it("keeps the first key (in key order) for a duplicate id and rejects the second naming the first", () => {
    const first = article({ key: "a/first.json", id: "tag:news.example,2022:1" });
    const second = article({ key: "b/second.json", id: "tag:news.example,2022:1" });
    const { articles, rejected } = dedupeArticles([second, first]);
    expect(articles.map((a) => a.key)).toEqual(["a/first.json"]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.key).toBe("b/second.json");
    expect(rejected[0]?.reason).toContain("a/first.json");
    expect(rejected[0]?.reason).toContain("tag:news.example,2022:1");
  });

  it("rejects every later holder of a duplicate id", () => {
    const id = "urn:isbn:1";
    const { articles, rejected } = dedupeArticles([
      article({ key: "c.json", id }),
      article({ key: "a.json", id }),
      article({ key: "b.json", id }),
    ]);
    expect(articles.map((a) => a.key)).toEqual(["a.json"]);
    expect(rejected.map((r) => r.key)).toEqual(["b.json", "c.json"]);
    for (const r of rejected) expect(r.reason).toContain("a.json");
  });

  it("keeps articles whose keys differ only by extension, each on its own page", () => {
    const keys = ["a.txt", "a.md", "a.json"];
    const { articles, rejected } = dedupeArticles(keys.map((key) => article({ key })));
    expect(rejected).toEqual([]);
    expect(new Set(articles.map((a) => a.slug)).size).toBe(3);
  });

  it("does not mutate its input articles", () => {
    const md = article({ key: "a.md" });
    const txt = article({ key: "a.txt" });
    const snapshot = JSON.stringify([md, txt]);
    dedupeArticles([txt, md]);
    expect(JSON.stringify([md, txt])).toBe(snapshot);
  });
});

describe("dedupeArticles: one page per slug", () => {
  it("rejects a second claim on a page (a slug cached by an older version), naming the holder", () => {
    const { articles, rejected } = dedupeArticles([
      article({ key: "x-0123456789.txt", slug: "x-0123456789" }),
      article({ key: "a/x.json", slug: "x-0123456789" }),
    ]);
    expect(articles.map((a) => a.key)).toEqual(["a/x.json"]);
    expect(rejected).toEqual([
      { key: "x-0123456789.txt", reason: expect.stringMatching(/already used by a\/x\.json/) },
    ]);
  });
});
