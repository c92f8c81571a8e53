import { describe, expect, it } from "vitest";
import { slugForKey } from "../../src/articles/ids.js";
import { publish } from "../../src/publish/publish.js";
import { MemoryArticleSource, MemoryFeedStore } from "../../src/store/memory.js";
import { sampleConfig } from "../site/seed-site.js";

const NOW = new Date("2026-11-29T00:00:00Z");

describe("a top-level .txt named after another article's hashed slug (issue 9 item 17)", () => {
  const victim = "politics/victim.json";
  // The attacker's file name is the victim's page slug: before, it kept that name and took over the page.
  const attacker = `${slugForKey(victim)}.txt`;

  it("gets a page of its own; both articles publish and nothing flips between runs", async () => {
    const source = new MemoryArticleSource();
    source.put(
      victim,
      JSON.stringify({ title: "SAMPLE victim", published: "2024-01-15T10:00:00Z", content_text: "Victim." }),
    );
    source.put(attacker, "15 January 2024, 11:00\n\nSAMPLE attacker\n\nAttacker.\n");
    const store = new MemoryFeedStore();
    const run = () => publish({ config: sampleConfig(), source, store, now: NOW, announcer: undefined });
    const first = await run();
    expect(first.documents.failed).toEqual([]);
    expect(first.articles.rejected).toEqual([]);
    expect(first.articles.published).toBe(2);
    const page = (key: string) =>
      new TextDecoder().decode(store.objects.get(`articles/${slugForKey(key)}.html`)?.body);
    expect(slugForKey(attacker)).not.toBe(slugForKey(victim));
    expect(page(victim)).toContain("SAMPLE victim");
    expect(page(attacker)).toContain("SAMPLE attacker");
    const second = await run();
    expect(second.documents.written).toEqual([]);
  });
});
