import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArticleSource } from "../../src/publish/ports.js";
import { publish } from "../../src/publish/publish.js";
import { FsArticleSource, FsFeedStore } from "../../src/store/fs.js";
import { sampleConfig } from "../site/seed-site.js";

let dir: string;
let input: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "source-races-"));
  input = path.join(dir, "articles");
  mkdirSync(input);
  writeFileSync(path.join(dir, "passwd"), "root:x:0:0:SAMPLE secret outside the source:/root:/bin/bash\n");
  writeFileSync(path.join(input, "good.txt"), "15 January 2024, 10:00\n\nSAMPLE good\n\nBody.\n");
  writeFileSync(path.join(input, "grows.txt"), "15 January 2024, 10:00\n\nSAMPLE grows\n\nBody.\n");
  writeFileSync(path.join(input, "swapped.txt"), "15 January 2024, 10:00\n\nSAMPLE swapped\n\nBody.\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Fault injection: the source changes between listing and reading, as a scraper or an attacker might. */
function changingAfterListing(change: () => void): ArticleSource {
  const inner = new FsArticleSource(input);
  return {
    location: inner.location,
    async list() {
      const entries = await inner.list();
      change();
      return entries;
    },
    read: (key, options) => inner.read(key, options),
  };
}

describe("a source that changes after listing", () => {
  it("rejects a file that grew past maxArticleBytes and a symlink swapped in, and publishes the rest", async () => {
    const source = changingAfterListing(() => {
      appendFileSync(path.join(input, "grows.txt"), Buffer.alloc(2 * 1024 * 1024, "x"));
      rmSync(path.join(input, "swapped.txt"));
      symlinkSync(path.join(dir, "passwd"), path.join(input, "swapped.txt"));
    });
    const output = path.join(dir, "public");
    const report = await publish({
      config: sampleConfig({ fallbackToModifiedTime: true }),
      source,
      store: new FsFeedStore(output),
      now: new Date("2026-11-29T00:00:00Z"),
    });
    expect(report.documents.failed).toEqual([]);
    expect(report.articles.published).toBe(1);
    expect(report.articles.rejected).toEqual([
      { key: "grows.txt", reason: "too large: more than 1048576 bytes when read (maxArticleBytes)" },
      { key: "swapped.txt", reason: expect.stringMatching(/^refused: a symbolic link/) },
    ]);
  });
});
