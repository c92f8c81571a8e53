import { describe, expect, it } from "vitest";
import { parseTextArticle } from "../../../src/articles/parse-text.js";
import { parseContext } from "../factories.js";

// SAMPLE pages written by us to pin one rule (a column of dated teasers is not an article); the real
// page it comes from is in test/fixtures/pages/ (npm run accuracy).

const nav = ["Home", "", "World", "", "Politics", "", "Sport", "", "Culture", ""];
const teaser = (day: number) => [
  `${String(day).padStart(2, "0")} Dec, 21:${String(10 + day)}`,
  "",
  `Day ${day} of the talks: negotiators met again in the capital on Monday, officials told reporters there.`,
  "",
];
const article = [
  "Talks resume in the capital after a week of silence",
  "",
  "13 Dec, 15:46",
  "",
  "Negotiators from both sides met again in the capital on Monday after a week without contact, officials said.",
  "",
  "The talks are expected to last until Friday, when a joint statement may be published by both delegations.",
  "",
];
const days = [12, 11, 10, 9, 8, 7, 6];
const parse = (lines: string[]) =>
  parseTextArticle("x.txt", lines.join("\n"), parseContext({ modifiedTime: "2023-12-26T23:28:26Z" }));

describe("a column of dated teasers", () => {
  it("is rejected as an index page when the article's date line is the first of a series after it", () => {
    const result = parse([...nav, ...article, ...days.flatMap(teaser)]);
    expect(result.ok).toBe(false);
  });

  it("does not reject a short article whose dated list of other articles stands under a heading", () => {
    const result = parse([...nav, ...article, "Latest news", "", ...days.flatMap(teaser)]);
    expect(result.ok).toBe(true);
  });
});
