import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publish } from "../../src/publish/publish.js";
import { announceAll, HttpAnnouncer } from "../../src/publish/websub.js";
import { MemoryArticleSource, MemoryFeedStore } from "../../src/store/memory.js";
import { sampleConfig } from "../site/seed-site.js";

/** A real HTTP hub on loopback that records pings; `/broken` answers 500. */
let server: Server;
let hubBase: string;
const pings: { path: string; contentType: string | undefined; body: URLSearchParams }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      pings.push({
        path: req.url ?? "",
        contentType: req.headers["content-type"],
        body: new URLSearchParams(body),
      });
      res.statusCode = req.url === "/broken" ? 500 : 204;
      res.end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  hubBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const article = (title: string, day: number) =>
  `${day} September 2022, 10:00\n\n${title}\n\nBody of ${title}.\n`;

describe("WebSub pings", () => {
  it("announces the planned topics of the subscription feeds written: never pages, the index or archives", async () => {
    const topics: string[] = [];
    const source = new MemoryArticleSource();
    source.put("politics/a.txt", article("First", 1));
    await publish({
      config: sampleConfig({ baseUrl: "https://n.example/", hubs: ["https://hub.example/"] }),
      source,
      store: new MemoryFeedStore(),
      now: new Date("2026-11-29T00:00:00Z"),
      announcer: { announce: async (_hub, topic) => void topics.push(topic) },
    });
    expect(topics.sort()).toEqual(
      [
        "atom.xml",
        "categories/politics/atom.xml",
        "categories/politics/feed.json",
        "categories/politics/rss.xml",
        "feed.json",
        "rss.xml",
      ].map((key) => `https://n.example/${key}`),
    );
  });

  it("pings each hub for each changed feed, reports a failing hub, and stays quiet when nothing changed", async () => {
    pings.length = 0;
    const config = sampleConfig({
      baseUrl: "https://n.example/",
      hubs: [`${hubBase}/hub`, `${hubBase}/broken`],
    });
    const source = new MemoryArticleSource();
    source.put("a.txt", article("First", 1));
    const store = new MemoryFeedStore();
    const run = () =>
      publish({
        config,
        source,
        store,
        now: new Date("2026-11-29T00:00:00Z"),
        announcer: new HttpAnnouncer(),
      });

    const first = await run();
    expect(first.documents.failed).toEqual([]);
    const good = pings.filter((p) => p.path === "/hub");
    expect(good.map((p) => p.body.get("hub.url")).sort()).toEqual([
      "https://n.example/atom.xml",
      "https://n.example/feed.json",
      "https://n.example/rss.xml",
    ]);
    expect(good.every((p) => p.body.get("hub.mode") === "publish")).toBe(true);
    expect(good[0]?.contentType).toBe("application/x-www-form-urlencoded");
    expect(first.websub.notified).toBe(3);
    expect(first.websub.failed).toHaveLength(3);
    expect(first.websub.failed[0]).toMatchObject({
      hub: `${hubBase}/broken`,
      reason: expect.stringContaining("500"),
    });

    pings.length = 0;
    const quiet = await run();
    expect(quiet.websub).toEqual({ notified: 0, failed: [] });
    expect(pings).toEqual([]);
  });

  it("advertises the hub in every feed format", async () => {
    const config = sampleConfig({ baseUrl: "https://n.example/", hubs: ["https://hub.example/"] });
    const source = new MemoryArticleSource();
    source.put("a.txt", article("First", 1));
    const store = new MemoryFeedStore();
    await publish({ config, source, store, now: new Date("2026-11-29T00:00:00Z") });
    const text = (key: string) => new TextDecoder().decode(store.objects.get(key)?.body);
    expect(text("rss.xml")).toContain('<atom:link href="https://hub.example/" rel="hub"/>');
    expect(text("atom.xml")).toContain('<link rel="hub" href="https://hub.example/"/>');
    expect(JSON.parse(text("feed.json")).hubs).toEqual([{ type: "WebSub", url: "https://hub.example/" }]);
  });
});

describe("announceAll", () => {
  it("stops sending once its time budget is spent, reporting what it skipped", async () => {
    const slow = { announce: () => new Promise<void>((resolve) => setTimeout(resolve, 30)) };
    const topics = Array.from({ length: 40 }, (_, i) => `https://n.example/${i}.xml`);
    const outcome = await announceAll(slow, ["https://hub.example/"], topics, 50);
    expect(outcome.notified).toBeGreaterThan(0);
    expect(outcome.notified).toBeLessThan(40);
    expect(outcome.failed.length).toBe(40 - outcome.notified);
    expect(outcome.failed[0]?.reason).toMatch(/budget/);
  });
});
