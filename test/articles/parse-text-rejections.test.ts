import { describe, expect, it } from "vitest";
import { parseTextArticle } from "../../src/articles/parse-text.js";
import { expectOk, expectRejected, parseContext } from "./factories.js";

// SAMPLE pages written for these tests (not real news).
const ctx = parseContext({ timeZone: "UTC", now: "2025-03-10T00:00:00Z" });
const PARAGRAPH =
  "The city council approved the new budget on Monday after a debate that lasted more than six hours, officials said.";

describe("pages that are no article", () => {
  it("rejects an error page, quoting what it says", () => {
    const page = ["Example News", "* Home", "* World", "404", "Page not found", "", PARAGRAPH].join("\n");
    expect(expectRejected(parseTextArticle("a.txt", page, ctx)).reason).toMatch(/error page .*404/);
  });

  it("rejects an index of dated teasers, but not an article with a dated sidebar", () => {
    const teasers = Array.from({ length: 8 }, (_, i) => [
      `Teaser headline number ${i + 1} about the budget`,
      `${i + 1} March 2025`,
      "",
    ]).flat();
    const nav = ["Example News", "* Home", "* Politics", "* World", "", "Politics", ""];
    const index = [...nav, ...teasers, "© 2025 Example News"].join("\n");
    expect(expectRejected(parseTextArticle("a.txt", index, ctx)).reason).toMatch(/index of other articles/);
    const article = [
      "City council approves budget after a long debate",
      "9 March 2025",
      "",
      PARAGRAPH,
      "",
      ...teasers,
    ].join("\n");
    expect(expectOk(parseTextArticle("b.txt", article, ctx)).title).toBe(
      "City council approves budget after a long debate",
    );
  });

  it("rejects a JavaScript stub under every undated policy", () => {
    for (const undated of ["reject", "first-seen", "modified-time"] as const)
      expect(
        expectRejected(
          parseTextArticle("a.txt", "You need to enable JavaScript to run this app.\n", { ...ctx, undated }),
        ).reason,
      ).toMatch(/no article text|no title/);
  });

  it("publishes an undated page under first-seen without inventing a date", () => {
    const article = expectOk(
      parseTextArticle("a.txt", ["City council approves budget", "", PARAGRAPH].join("\n"), {
        ...ctx,
        undated: "first-seen",
        firstSeen: "2025-03-09T12:00:00.000Z",
      }),
    );
    expect(article).toMatchObject({ undated: true, published: "2025-03-09T12:00:00Z" });
  });
});
