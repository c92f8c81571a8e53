import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { publish } from "../../src/publish/publish.js";
import { ManifestStateStore } from "../../src/publish/state.js";
import { FsArticleSource, FsFeedStore } from "../../src/store/fs.js";
import { SEEDS, sampleConfig } from "../site/seed-site.js";

const NOW = new Date("2026-11-29T00:00:00Z");
let dir: string;
let input: string;
let output: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "digest-upgrade-"));
  input = path.join(dir, "articles");
  output = path.join(dir, "public");
  cpSync(SEEDS, input, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = () =>
  publish({
    config: sampleConfig(),
    source: new FsArticleSource(input),
    store: new FsFeedStore(output),
    now: NOW,
    full: false,
    dryRun: false,
  });

const published = () =>
  Object.fromEntries(
    readdirSync(output, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const file = path.join(e.parentPath, e.name);
        return [path.relative(output, file), readFileSync(file, "utf8")];
      }),
  );

// A site published before input digests were computed from article digests (docs/scale.md, 2026-12-02):
// every stored input digest differs once, so each document is rendered again but, its bytes unchanged,
// not written.
it("a site whose stored input digests are all stale renders again once and writes nothing", async () => {
  await run();
  const before = published();
  const state = new ManifestStateStore(new FsFeedStore(output));
  const loaded = await state.load();
  const manifest = loaded.state;
  if (!manifest) throw new Error("no state after a run");
  const documents = Object.keys(manifest.inputs);
  expect(documents.length).toBeGreaterThan(10);
  const stale = Object.fromEntries(documents.map((key) => [key, "0".repeat(64)]));
  expect((await state.save({ ...manifest, inputs: stale }, loaded, [])).problem).toBeUndefined();

  const upgrade = await run();
  expect(upgrade.documents.failed).toEqual([]);
  expect(upgrade.documents.written).toEqual([]);
  expect(published()).toEqual(before);
  const repaired = (await state.load()).state?.inputs ?? {};
  expect(Object.keys(repaired).sort()).toEqual([...documents].sort());
  expect(Object.values(repaired)).not.toContain("0".repeat(64));

  expect((await run()).documents.written).toEqual([]);
});
