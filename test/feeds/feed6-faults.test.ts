import { afterEach, describe, expect, it, vi } from "vitest";
import { renderAtom, renderRss } from "../../src/feeds/build.js";
import type { FeedSpec } from "../../src/feeds/feed-spec.js";
import { xmlProblem } from "../../src/feeds/verify.js";
import { article } from "../site/factories.js";

/** The feed@6 faults our wrapper exists for (see src/feeds/build.ts), each pinned by a test. */
const spec = (
  overrides: Partial<Parameters<typeof article>[2]> = {},
  published = "2024-01-05T10:00:00Z",
): FeedSpec => ({
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
  items: [{ article: article(1, published, overrides), link: "https://n.example/articles/a1.html" }],
});

afterEach(() => vi.useRealTimers());

describe("feed@6 faults the wrapper guards against", () => {
  it("control characters never reach the XML", () => {
    const s = spec({
      title: "Bell\u0007 and NUL\u0000",
      contentHtml: "<p>x\u0001y</p>",
      categories: ["a\u0002b"],
    });
    for (const xml of [renderRss(s), renderAtom(s)]) {
      expect(xmlProblem(xml)).toBeUndefined();
      expect([...xml].filter((c) => (c.codePointAt(0) ?? 0) < 0x09)).toEqual([]);
    }
  });

  it("several ]]> in one field never end a CDATA section early", () => {
    const s = spec({ title: "a]]>b]]>c]]>d", contentHtml: "<p>x]]&gt;y]]&gt;z</p>", summary: "s]]>t]]>u" });
    for (const xml of [renderRss(s), renderAtom(s)]) expect(xmlProblem(xml)).toBeUndefined();
  });

  it("Atom categories carry a term", () => {
    expect(renderAtom(spec({ categories: ["Politics"] }))).toContain(
      '<category label="Politics" term="Politics"/>',
    );
  });

  it("a plain-text title with < and & stays text in Atom's type=html title", () => {
    expect(renderAtom(spec({ title: "a < b & c" }))).toContain("<![CDATA[a &lt; b &amp; c]]>");
  });

  it("updated and lastBuildDate come from the newest article, never the clock", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-06-01T00:00:00Z"));
    const s = spec({}, "2024-01-05T10:00:00Z");
    expect(renderAtom(s)).toContain("<updated>2024-01-05T10:00:00.000Z</updated>");
    expect(renderRss(s)).toContain("<lastBuildDate>Fri, 05 Jan 2024 10:00:00 GMT</lastBuildDate>");
    vi.setSystemTime(new Date("2031-01-01T00:00:00Z"));
    expect(renderAtom(spec({}, "2024-01-05T10:00:00Z"))).toBe(renderAtom(s));
  });

  it("item ids are URNs, which feed@6's Atom writer accepts (it throws on ids that are not URLs)", () => {
    expect(renderAtom(spec())).toContain("<id>urn:uuid:00000000-0000-5000-8000-000000000001</id>");
  });

  it("an invalid date is an error naming the article, never an `Invalid Date` in a feed", () => {
    expect(() => renderRss(spec({}, "not a date"))).toThrow(/a1\.txt has an invalid date/);
    expect(() => renderAtom(spec({ updated: "2024-13-45T00:00:00Z" }))).toThrow(/invalid date/);
  });
});
