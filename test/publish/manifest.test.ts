import { describe, expect, it } from "vitest";
import { wholeArticle } from "../../src/articles/article-body.js";
import {
  decodeManifest,
  emptyManifest,
  encodeManifest,
  LEGACY_FORMAT_VERSION,
} from "../../src/publish/manifest.js";
import { article } from "../site/factories.js";

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("the one-object manifest of version 2 (read for migration)", () => {
  it("round-trips, with keys sorted so the same state is the same bytes", () => {
    const manifest = {
      ...emptyManifest("f"),
      version: LEGACY_FORMAT_VERSION,
      articles: {
        "b.txt": { etag: "2", article: article(2, "2024-01-02T00:00:00Z") },
        "a.txt": { etag: "1", article: article(1, "2024-01-01T00:00:00Z") },
      },
      documents: { "rss.xml": "ab", "atom.xml": "cd" },
    };
    const text = encodeManifest(manifest);
    expect(text.indexOf('"a.txt"')).toBeLessThan(text.indexOf('"b.txt"'));
    const decoded = decodeManifest(new TextEncoder().encode(text));
    if (!decoded) throw new Error("not decoded");
    // Decoded articles keep their bodies in slots (article-body.ts); compared as whole articles.
    const articles = Object.fromEntries(
      Object.entries(decoded.articles).map(([key, { etag, article }]) => [
        key,
        { etag, article: wholeArticle(article) },
      ]),
    );
    expect({ ...decoded, articles }).toEqual(manifest);
  });

  it("distrusts cached articles with impossible dates (they would crash every run)", () => {
    const stored = {
      ...emptyManifest("f"),
      articles: { "a.txt": { etag: "1", article: article(1, "2024-05-32T10:00:00Z") } },
    };
    expect(decodeManifest(bytes(stored))?.articles).toEqual({});
    const february30 = {
      ...stored,
      articles: { "a.txt": { etag: "1", article: article(1, "2024-02-30T10:00:00Z") } },
    };
    expect(decodeManifest(bytes(february30))?.articles).toEqual({});
  });

  it("keeps the document list of a manifest it cannot otherwise read, so obsolete documents still go", () => {
    expect(decodeManifest(bytes({ version: 999, documents: { "rss.xml": "ab" } }))?.documents).toEqual({
      "rss.xml": "ab",
    });
    expect(decodeManifest(new TextEncoder().encode("not json"))).toBeUndefined();
    expect(decodeManifest(undefined)).toBeUndefined();
  });
});
