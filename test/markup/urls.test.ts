import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { absoluteUrl } from "../../src/markup/urls.js";

describe("absoluteUrl (the one place text becomes a link)", () => {
  it("resolves relative URLs against the base and gives the canonical form", () => {
    expect(absoluteUrl("../img/a b.png", "https://News.Example/x/y/")).toBe(
      "https://news.example/x/img/a%20b.png",
    );
    expect(absoluteUrl("  https://xn--80ak6aa92e.com/  ")).toBe("https://xn--80ak6aa92e.com/");
    expect(absoluteUrl("https://пример.рф/")).toBe("https://xn--e1afmkfd.xn--p1ai/");
  });

  it("refuses schemes that were not asked for, and text that is no URL", () => {
    expect(absoluteUrl("javascript:alert(1)", "https://n.example/")).toBeUndefined();
    expect(absoluteUrl("mailto:desk@n.example", "https://n.example/")).toBeUndefined();
    expect(absoluteUrl("mailto:desk@n.example", "https://n.example/", ["http", "https", "mailto"])).toBe(
      "mailto:desk@n.example",
    );
    expect(absoluteUrl("not a url")).toBeUndefined();
  });

  it("only ever returns an absolute URL of an allowed scheme", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.constantFrom("https://n.example/a/", undefined),
        (text, base) => {
          const url = absoluteUrl(text, base);
          if (url !== undefined) expect(["http:", "https:"]).toContain(new URL(url).protocol);
        },
      ),
      { numRuns: 300 },
    );
  });
});
