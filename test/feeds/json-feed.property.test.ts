import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FeedSpec } from "../../src/feeds/feed-spec.js";
import { renderJsonFeed } from "../../src/feeds/json-feed.js";
import { anyCodePoint } from "../arbitraries.js";
import { article } from "../site/factories.js";

/** Any UTF-16 text, lone surrogates and control characters included: what JSON.stringify must escape. */
const anyText = fc.string({
  unit: fc.oneof(
    anyCodePoint(),
    fc.constantFrom("\u0000", "\u001f", "\\", '"', "\uD800", "\uDC00", "\u2028"),
  ),
  maxLength: 40,
});

const specOf = (texts: { title: string; body: string; author: string; tag: string }[]): FeedSpec => ({
  title: "Site",
  description: "Desc",
  language: "en",
  homeUrl: "https://n.example/",
  urls: {
    rss: "https://n.example/rss.xml",
    atom: "https://n.example/atom.xml",
    json: "https://n.example/feed.json",
  },
  author: { name: "Desk" },
  hubs: [],
  items: texts.map((t, i) => ({
    article: article(i, "2024-01-05T10:00:00Z", {
      title: t.title,
      contentHtml: t.body,
      author: t.author,
      categories: [t.tag],
    }),
    link: `https://n.example/articles/a${i}.html`,
  })),
});

// JSON Feed is written without a re-parse (src/site/kinds.ts says why); this is the guarantee that relies on.
describe("renderJsonFeed", () => {
  it("always writes one JSON object, and a newline, that parses back to the texts it was given", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: anyText, body: anyText, author: anyText, tag: anyText }), {
          maxLength: 4,
        }),
        (texts) => {
          const body = renderJsonFeed(specOf(texts));
          expect(body.endsWith("}\n")).toBe(true);
          const parsed = JSON.parse(body) as {
            items: { title: string; content_html: string; authors?: { name: string }[]; tags: string[] }[];
          };
          expect(parsed.items.map((i) => i.title)).toEqual(texts.map((t) => t.title));
          expect(parsed.items.map((i) => i.content_html)).toEqual(texts.map((t) => t.body));
          expect(parsed.items.map((i) => i.tags)).toEqual(texts.map((t) => [t.tag]));
        },
      ),
      { numRuns: 500 },
    );
  });
});
