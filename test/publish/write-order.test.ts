import { describe, expect, it } from "vitest";
import type { StoredDocument } from "../../src/publish/ports.js";
import { publish } from "../../src/publish/publish.js";
import { writeOrder } from "../../src/publish/write-order.js";
import { planSite } from "../../src/site/plan.js";
import { MemoryArticleSource, MemoryFeedStore } from "../../src/store/memory.js";
import { article } from "../site/factories.js";
import { sampleConfig } from "../site/seed-site.js";

const BASE = "https://n.example/";
const config = sampleConfig({ baseUrl: BASE, timeZone: "UTC", itemLimit: 1, archivePageSize: 1 });
const NOW = new Date("2026-11-29T00:00:00Z");

/**
 * A store that, at every write, looks for links to our own documents in the body and records each one
 * whose target is not stored yet: what a reader could hit at that moment.
 */
class LinkCheckingStore extends MemoryFeedStore {
  dangling: string[] = [];
  override async write(doc: StoredDocument, options?: { ifMatch?: string | null }): Promise<void> {
    if (!doc.key.startsWith("_state/")) {
      const body = new TextDecoder().decode(doc.body);
      for (const [, path] of body.matchAll(/https:\/\/n\.example\/([^"<\s]*)/g)) {
        const key = path || "index.html";
        if (key !== doc.key && !this.objects.has(key)) this.dangling.push(`${doc.key} → ${key}`);
      }
    }
    return super.write(doc, options);
  }
}

const text = (day: string, title: string) => `${day}, 10:00\n\n${title}\n\nBody of ${title}.\n`;

describe("write order by the link graph", () => {
  it("never shows a dangling link in a run after the first: new page, new category, new archive page", async () => {
    const source = new MemoryArticleSource();
    source.put("politics/a.txt", text("5 September 2026", "A"));
    source.put("politics/b.txt", text("6 October 2026", "B"));
    const store = new LinkCheckingStore();
    expect((await publish({ config, source, store, now: NOW })).documents.failed).toEqual([]);

    store.dangling = [];
    // A new archive page (the one before gains a next-archive link to it), a new category and a new page.
    source.put("culture/c.txt", text("7 November 2026", "C"));
    const second = await publish({ config, source, store, now: NOW });
    expect(second.documents.written).toContain("archive/3/atom.xml");
    expect(second.documents.written).toContain("archive/2/atom.xml");
    expect(second.documents.written).not.toContain("archive/1/atom.xml");
    expect(second.documents.written).toContain("categories/culture/rss.xml");
    expect(store.dangling).toEqual([]);
  });

  it("puts every new document after the new documents it links to, and breaks cycles by stage", () => {
    const articles = [article(1, "2026-09-05T10:00:00Z"), article(2, "2026-10-06T10:00:00Z")];
    const planned = planSite(articles, config);
    // Everything but the newest archive page and its new neighbour is stored already.
    const next = planSite([...articles, article(3, "2026-11-07T10:00:00Z")], config);
    const storedBefore = new Set(planned.map((d) => d.key));
    const waves = writeOrder(next, (key) => storedBefore.has(key));
    const waveOf = new Map(waves.flatMap((wave, i) => wave.map((d) => [d.key, i] as const)));
    for (const doc of next)
      for (const link of doc.links)
        if (!storedBefore.has(link))
          expect(waveOf.get(link), `${doc.key} → ${link}`).toBeLessThan(waveOf.get(doc.key) ?? -1);
    // On a first run nothing is stored: the cycles (pages ↔ main feeds ↔ index) fall back to stage order.
    const first = writeOrder(planned, () => false);
    expect(first[0]?.every((d) => d.key.startsWith("articles/"))).toBe(true);
    expect(first.at(-1)?.map((d) => d.key)).toEqual(["feeds.opml", "index.html"]);
  });
});
