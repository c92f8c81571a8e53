import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRfc822, isRfc3339 } from "../../src/check/dates.js";
import { internalUrls, keyForUrl } from "../../src/check/links.js";

const BASE = "https://feeds.example.com/news/";

describe("isRfc822 (RSS 2.0 dates)", () => {
  it.each([
    "Thu, 15 Sep 2022 11:26:00 +0400",
    "15 Sep 2022 07:26 GMT",
    "Sat, 01 Jan 2000 00:00:00 Z",
    "15 Sep 22 11:26:00 EST", // two-digit years are 19xx in RFC 822
  ])("accepts %s", (value) => expect(isRfc822(value)).toBe(true));

  it.each([
    "2022-09-15T07:26:00Z",
    "Fri, 15 Sep 2022 11:26:00 +0400", // 15 September 2022 was a Thursday
    "Thu, 31 Sep 2022 11:26:00 +0400",
    "Thu, 15 September 2022 11:26:00 +0400",
    "Thu, 15 Sep 2022 25:26:00 +0400",
  ])("rejects %s", (value) => expect(isRfc822(value)).toBe(false));
});

describe("isRfc3339 (Atom and JSON Feed dates)", () => {
  it("accepts offsets and fractions, rejects RFC 822 and impossible days", () => {
    expect(isRfc3339("2022-09-15T07:26:00.000Z")).toBe(true);
    expect(isRfc3339("2022-09-15T11:26:00+04:00")).toBe(true);
    expect(isRfc3339("Thu, 15 Sep 2022 11:26:00 +0400")).toBe(false);
    expect(isRfc3339("2023-02-29T00:00:00Z")).toBe(false);
  });
});

describe("internalUrls", () => {
  it("finds links in attributes, element text, JSON strings and escaped markup", () => {
    const text = [
      `<a href="${BASE}a.html">`,
      `<link>${BASE}b.html</link>`,
      `"url": "${BASE}c.html",`,
      `&lt;a href=&quot;${BASE}d.html?x=1&amp;y=2&quot;&gt;`,
      `<img src='${BASE}e.png'>`,
      `elsewhere: https://other.example/${"f.html"}`,
    ].join("\n");
    expect(internalUrls(text, BASE)).toEqual([
      `${BASE}a.html`,
      `${BASE}b.html`,
      `${BASE}c.html`,
      `${BASE}d.html?x=1&y=2`,
      `${BASE}e.png`,
    ]);
  });

  it("maps a URL to the key it is served from", () => {
    expect(keyForUrl(BASE, BASE)).toBe("index.html");
    expect(keyForUrl(`${BASE}categories/x/`, BASE)).toBe("categories/x/index.html");
    expect(keyForUrl(`${BASE}rss.xml?utm=1#top`, BASE)).toBe("rss.xml");
    expect(keyForUrl(`${BASE}articles/caf%C3%A9.html`, BASE)).toBe("articles/café.html");
  });

  it("finds any path in any of the syntaxes, exactly once", () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
    const wrappers = [
      (url: string) => `<a href="${url}">x</a>`,
      (url: string) => `<link>${url}</link>`,
      (url: string) => `{"url":"${url}"}`,
      (url: string) => `&lt;a href=&quot;${url}&quot;&gt;`,
      (url: string) => `<i src='${url}'/>`,
    ];
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...wrappers),
        fc.string(),
        (segments, wrap, noise) => {
          const url = `${BASE}${segments.join("/")}.html`;
          const found = internalUrls(`${noise.replaceAll(BASE, "")} ${wrap(url)} `, BASE);
          expect(found).toEqual([url]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
