import { describe, expect, it } from "vitest";
import { headOf } from "../../src/articles/article-body.js";
import { SANITIZER_ID } from "../../src/markup/html.js";
import { parseContextOf, parseFingerprintOf } from "../../src/publish/collect-articles.js";
import { encodeManifest, MANIFEST_KEY } from "../../src/publish/manifest.js";
import { publish } from "../../src/publish/publish.js";
import { ManifestStateStore } from "../../src/publish/state.js";
import { MemoryArticleSource, MemoryFeedStore } from "../../src/store/memory.js";
import { sampleConfig } from "../site/seed-site.js";

const NOW = new Date("2026-11-29T00:00:00Z");
const config = sampleConfig({ baseUrl: "https://n.example/", timeZone: "UTC" });

describe("cached article HTML and the sanitiser that produced it", () => {
  it("parses and sanitises every cached article again when the sanitiser changed", async () => {
    const source = new MemoryArticleSource();
    source.put(
      "a.json",
      JSON.stringify({ title: "A", published: "2026-11-01T10:00:00Z", content_html: "<p>Hello</p>" }),
    );
    const store = new MemoryFeedStore();
    await publish({ config, source, store, now: NOW });

    // The state as an older, laxer sanitiser left it: a script survived into the cached body. Written back
    // as a one-object (version 2) manifest, which a run still reads.
    const saved = (await new ManifestStateStore(store).load()).state;
    if (!saved) throw new Error("no state");
    const cached = saved.articles["a.json"];
    if (!cached) throw new Error("no cached article");
    // A whole (plain) article: the loaded state keeps bodies apart, unread, behind their slots.
    cached.article = { ...headOf(cached.article), contentHtml: "<p>Hello</p><script>alert(1)</script>" };
    saved.parseFingerprint = parseFingerprintOf(
      parseContextOf(config, NOW),
      config,
      "sanitize-html@2.0.0/policy-1",
    );
    await store.write({
      key: MANIFEST_KEY,
      body: new TextEncoder().encode(encodeManifest(saved)),
      contentType: "",
      cacheControl: "",
      sha256: "",
    });

    const report = await publish({ config, source, store, now: NOW });
    expect(report.articles.parsed).toBe(1);
    expect(report.articles.reused).toBe(0);
    for (const key of ["rss.xml", "atom.xml", "feed.json"])
      expect(new TextDecoder().decode(store.objects.get(key)?.body), key).not.toContain("alert(1)");
  });

  it("names the sanitiser's version in the fingerprint", () => {
    expect(SANITIZER_ID).toMatch(/^sanitize-html@\d+\.\d+\.\d+\/policy-\d+$/);
    const ctx = parseContextOf(config, NOW);
    expect(parseFingerprintOf(ctx, config)).not.toBe(
      parseFingerprintOf(ctx, config, "sanitize-html@0.0.1/policy-1"),
    );
  });
});
