import { describe, expect, it } from "vitest";
import { articleId } from "../../src/articles/ids.js";
import { parseConfig } from "../../src/config.js";
import { xmlProblem } from "../../src/feeds/verify.js";
import { planSite } from "../../src/site/plan.js";
import { article, threeMonths } from "../site/factories.js";

const xmlDocs = (docs: ReturnType<typeof planSite>) => docs.filter((d) => d.format === "xml");

describe("feed rendering edge cases", () => {
  it("accepts any spelling of the base URL and writes it in canonical form everywhere", () => {
    for (const [given, canonical] of [
      ["https://EXAMPLE.com", "https://example.com/"],
      ["https://пример.рф/news", "https://xn--e1afmkfd.xn--p1ai/news/"],
      ["https://example.com/a b/", "https://example.com/a%20b/"],
    ] as const) {
      const config = parseConfig({ baseUrl: given });
      expect(config.baseUrl).toBe(canonical);
      const docs = planSite(threeMonths(), config);
      for (const doc of xmlDocs(docs)) expect(xmlProblem(doc.body), `${given} ${doc.key}`).toBeUndefined();
      expect(docs.find((d) => d.key === "rss.xml")?.body).toContain(
        `<atom:link href="${canonical}rss.xml" rel="self"`,
      );
      expect(JSON.parse(docs.find((d) => d.key === "feed.json")?.body ?? "{}").feed_url).toBe(
        `${canonical}feed.json`,
      );
    }
  });

  it("rejects a base URL with a query or fragment", () => {
    expect(() => parseConfig({ baseUrl: "https://example.com/?x=1" })).toThrow(/query or fragment/);
  });

  it("declares dc: for an author even when the body is empty", () => {
    const docs = planSite(
      [article(1, "2024-01-05T10:00:00Z", { author: "Desk", contentHtml: "" })],
      parseConfig({}),
    );
    const rss = docs.find((d) => d.key === "rss.xml")?.body ?? "";
    expect(rss).toContain("<dc:creator>Desk</dc:creator>");
    expect(xmlProblem(rss)).toBeUndefined();
  });

  it("never uses a source id with control or non-ASCII characters verbatim", () => {
    expect(articleId("x.json", "tag:x\u0001y")).toMatch(/^urn:uuid:/);
    expect(articleId("x.json", "tag:example.com,2024:ü")).toMatch(/^urn:uuid:/);
    expect(articleId("x.json", "https://example.com/story/1")).toBe("https://example.com/story/1");
  });
});

describe("RSS namespaces", () => {
  it("declares dc: even when an item's text mentions xmlns:dc=", () => {
    const docs = planSite(
      [
        article(1, "2024-01-05T10:00:00Z", {
          author: "Desk",
          title: "Why xmlns:dc= matters",
          contentHtml: "",
        }),
      ],
      parseConfig({}),
    );
    expect(xmlProblem(docs.find((d) => d.key === "rss.xml")?.body ?? "")).toBeUndefined();
  });
});
