import { describe, expect, it } from "vitest";
import { progressLine } from "../../src/cli/progress.js";

function terminal(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, columns: 40, chunks, write: (text: string) => chunks.push(text) };
}

describe("progressLine", () => {
  it("draws nothing during the first second, then one self-overwriting line, erased at the end", () => {
    const stream = terminal(true);
    let clock = 0;
    const line = progressLine(stream, { enabled: true, now: () => clock });
    line.update({ phase: "reading", done: 1, total: 10 });
    clock = 500;
    line.update({ phase: "reading", done: 5, total: 10 });
    expect(stream.chunks).toEqual([]);
    clock = 1200;
    line.update({ phase: "reading", done: 9, total: 10 });
    clock = 1250; // within the redraw interval: skipped, unless it is the last one
    line.update({ phase: "writing", done: 3, total: 30, written: 2 });
    line.update({ phase: "writing", done: 30, total: 30, written: 12 });
    expect(stream.chunks).toEqual(["\rreading articles 9/10", "\rdocuments 30/30 (12 written)"]);
    line.done();
    expect(stream.chunks.at(-1)).toBe(`\r${" ".repeat("documents 30/30 (12 written)".length)}\r`);
  });

  it("is silent when the stream is not a terminal, or when disabled (--json)", () => {
    for (const [stream, enabled] of [
      [terminal(false), true],
      [terminal(true), false],
    ] as const) {
      let clock = 0;
      const line = progressLine(stream, { enabled, now: () => clock });
      clock = 5000;
      line.update({ phase: "reading", done: 10, total: 10 });
      line.done();
      expect(stream.chunks).toEqual([]);
    }
  });

  it("never writes a line wider than the terminal (a wrapped line cannot be overwritten)", () => {
    const stream = { ...terminal(true), columns: 12 };
    const line = progressLine(stream, { enabled: true, delayMs: 0, now: () => 0 });
    line.update({ phase: "writing", done: 100, total: 1000, written: 50 });
    expect(stream.chunks[0]?.length).toBeLessThanOrEqual(12);
  });

  it("assumes 80 columns when a pseudo-terminal reports none", () => {
    const stream = { ...terminal(true), columns: 0 };
    const line = progressLine(stream, { enabled: true, delayMs: 0, now: () => 0 });
    line.update({ phase: "writing", done: 100, total: 1000, written: 50 });
    expect(stream.chunks).toEqual(["\rdocuments 100/1000 (50 written)"]);
  });

  it("erases nothing when it never drew", () => {
    const stream = terminal(true);
    progressLine(stream, { enabled: true, now: () => 0 }).done();
    expect(stream.chunks).toEqual([]);
  });
});
