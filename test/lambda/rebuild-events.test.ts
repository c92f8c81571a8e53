// The rebuild function trusts only events of the shapes its state machine sends (src/lambda/rebuild-events.ts).
import { describe, expect, it } from "vitest";
import { BadRebuildEventError, rebuildStepOf } from "../../src/lambda/rebuild-events.js";

const RUN = "20260101000000-abcdef12";
const NOW = "2026-01-01T00:00:00.000Z";
const item = { key: "a.txt", etag: '"e"', size: 3, lastModified: NOW, firstSeen: "2026-01-01T00:00:00Z" };

describe("rebuild events", () => {
  it("takes the execution's input as the plan's options, defaults included", () => {
    expect(rebuildStepOf({ rebuild: "plan", options: {} })).toMatchObject({
      step: "plan",
      options: { full: false },
    });
    expect(rebuildStepOf({ rebuild: "plan", options: { full: true, pagesPerSlice: 500 } })).toMatchObject({
      options: { full: true, pagesPerSlice: 500 },
    });
    expect(() => rebuildStepOf({ rebuild: "plan", options: { fulll: true } })).toThrow(BadRebuildEventError);
  });

  it("reads a Distributed Map batch: the run's fields in BatchInput, the work items in Items", () => {
    const step = rebuildStepOf({ BatchInput: { rebuild: "read", runId: RUN, now: NOW }, Items: [item] });
    expect(step).toEqual({ step: "read", rebuild: "read", runId: RUN, now: NOW, items: [item] });
  });

  it("takes the map's collected outputs as result keys, and only those of its own run", () => {
    const result = `_state/fanout/${RUN}/read/${"0".repeat(64)}.json`;
    expect(rebuildStepOf({ rebuild: "merge", runId: RUN, now: NOW, reads: [{ result }] })).toMatchObject({
      reads: [result],
    });
    for (const outside of [
      "index.html",
      `_state/fanout/other/read/${"0".repeat(64)}.json`,
      "_state/manifest.json",
      `_state/fanout/${RUN}/../../manifest.json`,
      `_state/fanout/${RUN}/pages/1.json`,
    ])
      expect(() =>
        rebuildStepOf({ rebuild: "merge", runId: RUN, now: NOW, reads: [{ result: outside }] }),
      ).toThrow(BadRebuildEventError);
    expect(() =>
      rebuildStepOf({ rebuild: "finish", runId: RUN, now: NOW, reads: [], pages: [{ result: "a/../../x" }] }),
    ).toThrow(BadRebuildEventError);
  });

  it("reads only article keys of the source in a batch", () => {
    for (const key of ["../secret.txt", "a/../../b.txt", "a/./b.txt", "notes.exe"])
      expect(() =>
        rebuildStepOf({ BatchInput: { rebuild: "read", runId: RUN, now: NOW }, Items: [{ ...item, key }] }),
      ).toThrow(BadRebuildEventError);
  });

  it("reads every key an S3 listing gives, as a single run does: `articles//news.md` lists as `/news.md`", () => {
    const batch = {
      BatchInput: { rebuild: "read", runId: RUN, now: NOW },
      Items: [{ ...item, key: "/news.md" }],
    };
    expect(rebuildStepOf(batch)).toMatchObject({ step: "read", items: [{ key: "/news.md" }] });
  });

  it("refuses run ids that are not plain names, slices that do not exist, and anything else", () => {
    expect(() => rebuildStepOf({ rebuild: "pages", runId: "../x", slice: 0, of: 1 })).toThrow(
      BadRebuildEventError,
    );
    expect(() => rebuildStepOf({ rebuild: "pages", runId: RUN, slice: 2, of: 2 })).toThrow(
      BadRebuildEventError,
    );
    expect(rebuildStepOf({ rebuild: "pages", runId: RUN, slice: 1, of: 2 })).toMatchObject({
      step: "pages",
      full: false,
    });
    for (const event of [{}, { rebuild: "publish" }, null, "plan"])
      expect(() => rebuildStepOf(event)).toThrow(BadRebuildEventError);
  });
});
