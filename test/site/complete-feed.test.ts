import { describe, expect, it } from "vitest";
import { planSite } from "../../src/site/plan.js";
import { article } from "./factories.js";
import { sampleConfig } from "./seed-site.js";

const settings = sampleConfig({ baseUrl: "https://news.example/", itemLimit: 3, archivePageSize: 3 });
const month = (n: number) =>
  Array.from({ length: n }, (_, i) => article(i + 1, `2024-03-${String(i + 1).padStart(2, "0")}T10:00:00Z`));

describe("RFC 5005: complete feed or archives", () => {
  it("marks the subscription feed complete and writes no archive when every article fits", () => {
    // One month, no archive: a lone archive document (no prev/next) is what the W3C validator flags
    // as ArchiveIncomplete.
    const docs = planSite(month(3), settings);
    expect(docs.some((d) => d.key.startsWith("archive/"))).toBe(false);
    for (const key of ["rss.xml", "atom.xml"]) {
      const body = docs.find((d) => d.key === key)?.body ?? "";
      expect(body, key).toContain("<fh:complete/>");
      expect(body, key).not.toContain("prev-archive");
    }
    expect(docs.find((d) => d.key === "index.html")?.body).not.toContain("<h2>Archive</h2>");
  });

  it("holds every article, complete, while no archive page is full", () => {
    const docs = planSite(month(4), { ...settings, archivePageSize: 5 });
    expect(docs.some((d) => d.key.startsWith("archive/"))).toBe(false);
    const atom = docs.find((d) => d.key === "atom.xml")?.body ?? "";
    expect(atom).toContain("<fh:complete/>");
    expect(atom.match(/<entry>/g)).toHaveLength(4);
  });

  it("archives once the subscription feed no longer holds every article", () => {
    const docs = planSite(month(4), settings);
    const rss = docs.find((d) => d.key === "rss.xml")?.body ?? "";
    expect(rss).not.toContain("fh:complete");
    expect(rss).toContain('rel="prev-archive"');
    expect(docs.find((d) => d.key === "archive/1/atom.xml")?.body).toContain("<fh:archive/>");
  });

  it("marks nothing complete for an empty site", () => {
    expect(planSite([], settings).find((d) => d.key === "atom.xml")?.body).not.toContain("fh:");
  });
});
