import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyManifest, MANIFEST_KEY } from "../../src/publish/manifest.js";
import { ManifestStateStore } from "../../src/publish/state.js";
import { decodeRoot } from "../../src/publish/state-pieces.js";
import { S3FeedStore } from "../../src/store/s3.js";
import { type MotoServer, motoMissing, startMotoServer } from "../setup/moto-server.js";

const missing = motoMissing();
if (missing && process.env.CI) throw new Error(`${missing}: CI must install it`);

describe.skipIf(missing !== undefined)(
  `the state's conditional writes on S3 (moto_server)${missing ? `: skipped, ${missing}` : ""}`,
  () => {
    let server: MotoServer;
    let store: S3FeedStore;

    beforeAll(async () => {
      server = await startMotoServer();
      await server.createBucket("state");
      store = new S3FeedStore(server.client(), "state", "site/");
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("lets one of two overlapping saves win; the other takes the winner's state and marks its own keys unknown", async () => {
      const states = new ManifestStateStore(store);
      await states.save({ ...emptyManifest("f"), documents: { "rss.xml": "a0" } }, await states.load(), [
        "rss.xml",
      ]);
      const first = await states.load();
      const second = await states.load();

      const won = await states.save(
        { ...emptyManifest("f"), documents: { "rss.xml": "a1", "atom.xml": "b1" } },
        first,
        ["rss.xml", "atom.xml"],
      );
      expect(won).toMatchObject({ lostRace: false });
      const lost = await states.save(
        { ...emptyManifest("f"), documents: { "rss.xml": "a2", "feed.json": "c2" } },
        second,
        ["rss.xml", "feed.json"],
      );
      expect(lost).toMatchObject({ lostRace: true });
      expect(lost.problem).toBeUndefined();

      const after = await states.load();
      expect(after.problem).toBeUndefined();
      expect(after.state?.documents).toEqual({ "rss.xml": null, "atom.xml": "b1", "feed.json": null });
      // Every shard the root names is stored.
      const root = decodeRoot((await store.read(MANIFEST_KEY))?.body ?? new Uint8Array());
      for (const key of Object.values(root?.shards ?? {})) expect(await store.read(key)).toBeDefined();
    });

    it("refuses to create a root over one that appeared meanwhile (If-None-Match: *)", async () => {
      const fresh = new S3FeedStore(server.client(), "state", "other/");
      const states = new ManifestStateStore(fresh);
      const before = await states.load();
      expect(before.stored).toBeUndefined();
      await states.save({ ...emptyManifest("f"), documents: { "index.html": "x" } }, await states.load(), []);
      const outcome = await states.save({ ...emptyManifest("f"), documents: { "opml.xml": "y" } }, before, [
        "opml.xml",
      ]);
      expect(outcome.lostRace).toBe(true);
      expect((await states.load()).state?.documents).toEqual({ "index.html": "x", "opml.xml": null });
    });
  },
);
