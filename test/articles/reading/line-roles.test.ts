import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_CRUFT_PATTERNS, compilePatterns } from "../../../src/articles/reading/cruft-patterns.js";
import { type PageReading, readPage } from "../../../src/articles/reading/line-roles.js";

// Every page in this file is a SAMPLE written by us to pin one layout rule; real pages are in
// test/fixtures/pages/ (npm run accuracy).

const options = {
  dates: { timeZone: "UTC", dateOrder: "DMY" as const, reference: "2025-03-05T10:00:00Z" },
  cruft: compilePatterns(BUILTIN_CRUFT_PATTERNS),
};
const read = (text: string): PageReading => readPage(text.split("\n"), options);

const P1 =
  "The city council approved the new budget on Monday after a debate that lasted more than six hours, officials said.";
const P2 =
  "Opposition members argued that the plan cuts spending on public transport, while the mayor said the cuts were temporary.";
const P3 = "The budget takes effect in April.";
const TITLE = "City council approves budget after six-hour debate";

describe("layouts", () => {
  it("reads an English page a new user stores (labelled date, share and comment furniture)", () => {
    const page = read(
      [
        TITLE,
        "Published: March 3, 2025 - 14:20",
        "",
        P1,
        "",
        P2,
        "",
        P3,
        "",
        "Share this article",
        "Comments (4)",
        "Leave a comment",
      ].join("\n"),
    );
    expect(page).toMatchObject({ title: TITLE, published: "2025-03-03T14:20:00Z", body: [P1, P2, P3] });
  });

  it("finds the title and date after a breadcrumb, a weather widget and a ticker", () => {
    const page = read(
      [
        "Home » News » Politics",
        "Yerevan +12°C",
        "More",
        "Breaking: the central bank kept its key rate unchanged at its meeting today, the bank said in a statement issued this morning.",
        "Monday, March 3, 2025 2:20 PM",
        TITLE,
        "Views: 1234",
        P1,
        P2,
        P3,
        "Related news",
        "Another headline from the sidebar",
      ].join("\n"),
    );
    expect(page.title).toBe(TITLE);
    expect(page.published).toBe("2025-03-03T14:20:00Z");
    expect(page.body).toEqual([P1, P2, P3]);
    expect(page.views).toBe(1234);
  });

  it("finds the date more than a hundred lines down in a full-page dump", () => {
    const nav = Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? "" : `* Section ${i}`));
    const footer = [
      "",
      "* About us",
      "* Contact",
      "* Advertise",
      "© 2025 Example News. All rights reserved.",
    ];
    const page = read(
      [...nav, "", TITLE, "", "03.03.2025 14:20", "", P1, "", P2, "", P3, ...footer].join("\n"),
    );
    expect(page).toMatchObject({
      title: TITLE,
      published: "2025-03-03T14:20:00Z",
      body: [P1, P2, P3],
      layout: "dense-block",
    });
  });

  it("reads a record header", () => {
    const page = read([`==== Title: ${TITLE} Date: 2025-03-03 14:20 ====`, "", P1, "", P2].join("\n"));
    expect(page).toMatchObject({ title: TITLE, published: "2025-03-03T14:20:00Z", body: [P1, P2] });
  });

  it("joins a date and a time printed on adjacent lines, and reads published/updated pairs", () => {
    expect(read([TITLE, "March 3, 2025", "14:20", P1, P2].join("\n")).published).toBe("2025-03-03T14:20:00Z");
    const pair = read(
      [TITLE, "Published: 3 March 2025 14:20", "Updated: 4 March 2025 09:00", P1, P2].join("\n"),
    );
    expect(pair).toMatchObject({ published: "2025-03-03T14:20:00Z", updated: "2025-03-04T09:00:00Z" });
  });

  it("drops furniture before the body without ending it (a cruft match before the body never ends it)", () => {
    const page = read(["3 March 2025, 14:20", TITLE, "By Anna Petrosyan", "Share", "12", P1, P2].join("\n"));
    expect(page.title).toBe(TITLE);
    expect(page.body).toEqual([P1, P2]);
    expect(page.lines.find((l) => l.text === "Share")?.role).toBe("furniture");
  });

  it("strips a site suffix and takes a title printed twice", () => {
    const page = read(
      [
        `${TITLE} | Example News`,
        "* News",
        "* Sport",
        "",
        "* Weather",
        TITLE,
        "",
        "3 March 2025",
        "",
        P1,
        "",
        P2,
      ].join("\n"),
    );
    expect(page.title).toBe(TITLE);
  });

  it("never takes a date line, a separator, a counter or a one-word label for the title", () => {
    const page = read(["----", "Politics", "1234", "3 March 2025", "", P1, "", P2].join("\n"));
    expect(page.title).toBeUndefined();
    expect(page.titleProblem).toMatch(/headline/);
  });

  it("says what was looked for when there is no date", () => {
    const page = read([TITLE, "", P1, "", P2].join("\n"));
    expect(page.published).toBeUndefined();
    expect(page.dateProblem).toMatch(/no date line anywhere on the page .*looked at all 3 lines/);
  });

  it("unwraps a text dump wrapped at a fixed width", () => {
    const wrap = (text: string) => text.match(/.{1,70}(\s|$)/g)?.map((l) => `   ${l.trim()}`) ?? [];
    const long = `${P1} ${P2} ${P1}`;
    const page = read(
      [
        "* Home",
        "* News",
        "",
        `     ${TITLE}`,
        "",
        "   3 March 2025",
        "",
        ...wrap(long),
        "",
        ...wrap(long),
        "",
        ...wrap(long),
        "",
        "* About",
      ].join("\n"),
    );
    expect(page.body).toEqual([long, long, long]);
  });
});

describe("properties", () => {
  const furniture = fc.constantFrom(
    "Share",
    "• Share:",
    "Comments (4)",
    "Views: 1234",
    "Home » News » Politics",
    "----",
    "1234",
    "Yerevan +12°C",
    "Advertisement",
  );
  const trailer = fc.constantFrom(
    "Related news",
    "Share this article",
    "© 2025 Example News",
    "Leave a comment",
    "Read also",
  );

  it("adding furniture before the title or after the body never changes the title, date or body", () => {
    const base = ["3 March 2025, 14:20", TITLE, P1, P2, P3];
    const expected = read(base.join("\n"));
    fc.assert(
      fc.property(
        fc.array(furniture, { maxLength: 4 }),
        fc.array(trailer, { minLength: 1, maxLength: 4 }),
        (before, after) => {
          const page = read([...before, ...base, ...after].join("\n"));
          expect({ title: page.title, published: page.published, body: page.body }).toEqual({
            title: expected.title,
            published: expected.published,
            body: expected.body,
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("any page reads without throwing, and every line gets a role", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 120 }), furniture, trailer, fc.constant(P1)), {
          maxLength: 40,
        }),
        (lines) => {
          const page = read(lines.join("\n"));
          expect(
            page.lines.every((l) => ["title", "date", "body", "furniture", "skipped"].includes(l.role)),
          ).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
