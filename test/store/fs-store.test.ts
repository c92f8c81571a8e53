import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoredDocument } from "../../src/publish/ports.js";
import { PreconditionFailedError } from "../../src/publish/ports.js";
import { FsFeedStore, privateFolderFor } from "../../src/store/fs-store.js";

let dir: string;
let output: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "fs-store-"));
  output = path.join(dir, "public");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const doc = (key: string, text: string): StoredDocument => {
  const body = new TextEncoder().encode(text);
  return {
    key,
    body,
    contentType: "application/json",
    cacheControl: "no-store",
    sha256: createHash("sha256").update(body).digest("hex"),
  };
};

function walk(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((name) => {
    const full = path.join(root, name);
    return statSync(full).isDirectory() ? walk(full) : [path.relative(output, full)];
  });
}

/** A pid no process has: above Linux's pid_max ceiling (2^22). */
const DEAD_PID = 9_999_999;

describe("FsFeedStore: nothing private or half-written in the published folder", () => {
  it("keeps _state/ in a private folder beside the output, not inside it", async () => {
    const store = new FsFeedStore(output);
    await store.write(doc("_state/manifest.json", "{}"), { ifMatch: null });
    await store.write(doc("rss.xml", "<rss/>"));
    expect(walk(output)).toEqual(["rss.xml"]);
    expect(store.privateFolder).toBe(path.join(dir, ".feed-publisher", "public"));
    expect(existsSync(path.join(store.privateFolder, "state", "manifest.json"))).toBe(true);
    expect(new TextDecoder().decode((await store.read("_state/manifest.json"))?.body)).toBe("{}");
  });

  it("moves state from the old place inside the output at the start of a run", async () => {
    mkdirSync(path.join(output, "_state"), { recursive: true });
    writeFileSync(path.join(output, "_state/manifest.json"), '{"old":true}');
    writeFileSync(path.join(output, "rss.xml"), "<rss/>");
    const store = new FsFeedStore(output);
    const old = await store.read("_state/manifest.json");
    expect(new TextDecoder().decode(old?.body)).toBe('{"old":true}');
    expect(walk(output)).toEqual(["rss.xml"]);
    await store.write(doc("_state/manifest.json", '{"new":true}'), { ifMatch: old?.etag ?? null });
    expect(new TextDecoder().decode((await store.read("_state/manifest.json"))?.body)).toBe('{"new":true}');
  });

  it("writes through temp files outside the output and sweeps dead runs' leftovers at the start of a run", async () => {
    const temp = path.join(privateFolderFor(output), "tmp");
    mkdirSync(path.join(output, "articles"), { recursive: true });
    mkdirSync(temp, { recursive: true });
    // What a killed run leaves: old-style temp files in the output, new-style ones in the private folder.
    writeFileSync(path.join(output, `rss.xml.${DEAD_PID}.tmp`), "<rss");
    writeFileSync(path.join(output, `articles/a.html.${DEAD_PID}.tmp`), "");
    writeFileSync(path.join(temp, `${DEAD_PID}-0123456789ab.tmp`), "half");
    // A live process's write in flight is left alone.
    writeFileSync(path.join(temp, `${process.pid}-0123456789ab.tmp`), "in flight");
    const store = new FsFeedStore(output);
    await store.read("_state/manifest.json");
    expect(walk(output)).toEqual([]);
    expect(readdirSync(temp)).toEqual([`${process.pid}-0123456789ab.tmp`]);
    await store.write(doc("index.html", "<p>x</p>"));
    expect(walk(output)).toEqual(["index.html"]);
  });
});

describe("FsFeedStore: the conditional write is atomic", () => {
  it("lets exactly one of many overlapping writers from the same version win", async () => {
    const store = new FsFeedStore(output);
    await store.write(doc("rss.xml", "<rss/>"));
    await store.write(doc("_state/manifest.json", "v0"), { ifMatch: null });
    const base = (await store.read("_state/manifest.json"))?.etag ?? "";
    // Separate store objects, as separate runs would have.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        new FsFeedStore(output).write(doc("_state/manifest.json", `v1 from writer ${i}`), { ifMatch: base }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o.status === "rejected"))
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PreconditionFailedError);
  });

  it("lets exactly one of many writers create the state when none exists", async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        new FsFeedStore(output).write(doc("_state/manifest.json", `first ${i}`), { ifMatch: null }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
  });

  it("breaks a lock left by a killed run", async () => {
    const store = new FsFeedStore(output);
    mkdirSync(store.privateFolder, { recursive: true });
    writeFileSync(path.join(store.privateFolder, "lock"), `${DEAD_PID}\n`);
    await store.write(doc("_state/manifest.json", "{}"), { ifMatch: null });
    expect(existsSync(path.join(store.privateFolder, "lock"))).toBe(false);
  });
});

describe("FsFeedStore: the state follows its output", () => {
  it("forgets the state of an output folder that was deleted (starting over)", async () => {
    const first = new FsFeedStore(output);
    await first.write(doc("rss.xml", "<rss/>"));
    await first.write(doc("_state/manifest.json", "{}"), { ifMatch: null });
    rmSync(output, { recursive: true });
    const next = new FsFeedStore(output);
    expect(await next.read("_state/manifest.json")).toBeUndefined();
    await next.write(doc("_state/manifest.json", "{}"), { ifMatch: null });
  });
});
