import { describe, expect, it } from "vitest";
import { splitGlued } from "../../../src/articles/reading/glued.js";

// Sample text written for this test (not a real page): a page whose scraper dropped every paragraph break.
const sentence = "The council met on Tuesday and voted on the budget for the coming year after a long debate";
const glued = `2024 ElectionCould the council pass the budget?${Array.from({ length: 20 }, (_, i) => `${sentence} number ${i + 10}.`).join("")}`;

describe("pages that lost their paragraph breaks", () => {
  it("cuts a long glued line back into blocks at sentence and word glue points", () => {
    const parts = splitGlued({ text: glued, line: 1 }).map((part) => part.text);
    expect(parts.slice(0, 3)).toEqual([
      "2024 Election",
      "Could the council pass the budget?",
      `${sentence} number 10.`,
    ]);
    expect(parts).toHaveLength(22);
  });

  it("leaves a normal paragraph whole, however long", () => {
    const normal = Array.from({ length: 20 }, () => `${sentence} in the U.S.Army hall.`).join(" ");
    expect(splitGlued({ text: normal, line: 1 })).toEqual([{ text: normal, line: 1 }]);
  });
});
