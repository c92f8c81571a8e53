import { describe, expect, it } from "vitest";
import { BodySlot, bodyHash } from "../../src/articles/article-body.js";
import { ArticleBodies } from "../../src/publish/article-bodies.js";
import { MemoryFeedStore } from "../../src/store/memory.js";

const slotFor = (text: string) => {
  const body = { contentHtml: `<p>${text}</p>` };
  return new BodySlot(bodyHash(body), body, false);
};

describe("article bodies held by a run", () => {
  it("keeps at most `keep` stored bodies loaded while a first run stores them", async () => {
    const bodies = new ArticleBodies(new MemoryFeedStore(), 2);
    const slots = ["a", "b", "c", "d", "e"].map(slotFor);
    for (const slot of slots) await bodies.save(slot);
    expect(slots.every((slot) => slot.stored)).toBe(true);
    expect(slots.filter((slot) => slot.body !== undefined)).toHaveLength(2);
  });

  it("loads a dropped body back, verified, and never drops a pinned one", async () => {
    const bodies = new ArticleBodies(new MemoryFeedStore(), 1);
    const [a, b, c] = ["a", "b", "c"].map(slotFor) as [BodySlot, BodySlot, BodySlot];
    for (const slot of [a, b, c]) await bodies.save(slot);
    expect(a.body).toBeUndefined();
    expect(await bodies.acquire([a, b])).toBeUndefined();
    expect(a.body?.contentHtml).toBe("<p>a</p>");
    await bodies.save(slotFor("d"));
    expect(a.body).toBeDefined();
    expect(b.body).toBeDefined();
    bodies.release([a, b]);
    expect([a, b, c].filter((slot) => slot.body !== undefined).length).toBeLessThanOrEqual(1);
  });
});
