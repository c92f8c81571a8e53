import { describe, expect, it } from "vitest";
import { BUILTIN_CRUFT_PATTERNS, compilePatterns } from "../../../src/articles/reading/cruft-patterns.js";
import { isAuthorLine } from "../../../src/articles/reading/furniture.js";
import { type PageReading, readPage } from "../../../src/articles/reading/line-roles.js";
import { notATitle } from "../../../src/articles/reading/title.js";

// Every page and line in this file is a SAMPLE written by us to pin one rule (bylines and biographies,
// disclaimers, captions, a head with no prose under it); real pages are in test/fixtures/pages/.

const cruft = compilePatterns(BUILTIN_CRUFT_PATTERNS);
const options = {
  dates: { timeZone: "UTC", dateOrder: "DMY" as const, reference: "2025-03-05T10:00:00Z" },
  cruft,
};
const read = (lines: string[]): PageReading => readPage(lines, options);

const TITLE = "City council approves budget after six-hour debate";
const P1 =
  "The city council approved the new budget on Monday after a debate that lasted more than six hours, officials said.";
const P2 =
  "Opposition members argued that the plan cuts spending on public transport, while the mayor said the cuts were temporary.";
const P3 =
  "The mayor said the budget would be reviewed again in the autumn, once the new tax figures are known.";
const head = [TITLE, "3 March 2025", ""];
/** Navigation before the head, so the page is read as a densest block of prose. */
const nav = ["Home", "", "World", "", "Politics", "", "Sport", "", "Culture", ""];

describe("the end of the article", () => {
  it("drops the authors' biographies and their name lines that close it", () => {
    const page = read([
      ...head,
      P1,
      "",
      P2,
      "",
      P3,
      "",
      "Jane Doe",
      "Jane Doe is a senior politics reporter for The Daily Example.",
      "John Roe",
      "John Roe est rédacteur en chef adjoint du Quotidien Exemple.",
    ]);
    expect(page.body).toEqual([P1, P2, P3]);
  });

  it.each(["Disclaimer:", "Avertisment:", "Haftungsausschluss", "En savoir plus", "À télécharger"])(
    "ends at a '%s' heading",
    (heading) => {
      const statement =
        "The Daily Example has never asked for nor received government money, directly or through campaigns.";
      const page = read([...nav, ...head, P1, "", P2, "", heading, "", statement, "", P3]);
      expect(page.body).toEqual([P1, P2]);
    },
  );
});

describe("captions", () => {
  const caption = "The council chamber during Monday's debate.";
  it("drops a caption with a credit label on a line of its own and the credit under it", () => {
    const page = read([
      ...nav,
      ...head,
      caption,
      "",
      "Credit:",
      "  Jane Doe/Daily Example",
      "",
      P1,
      "",
      P2,
      "",
      P3,
    ]);
    expect(page.body).toEqual([P1, P2, P3]);
  });

  it("keeps a paragraph of three sentences even when a photo credit follows it", () => {
    const long = `${P1} ${P2} ${P3}`;
    const page = read([...nav, ...head, long, "", "Jane Doe / AFP", "", P1, "", P2]);
    expect(page.body[0]).toBe(long);
  });

  it("does not take an image's alt text above its credit and caption label for the headline", () => {
    const page = read([
      ...nav,
      TITLE,
      "",
      "Council members vote on the budget on Monday",
      "",
      "Photo author, EPA",
      "",
      "Image caption,",
      "",
      "3 March 2025",
      "",
      P1,
      "",
      P2,
      "",
      P3,
    ]);
    expect(page.title).toBe(TITLE);
  });
});

describe("a table of contents", () => {
  it("is not the first paragraph: the intertitles below, run together in one line", () => {
    const h1 = "“The vote was never in doubt”";
    const h2 = "“Transport will pay the price”";
    const page = read([
      ...nav,
      ...head,
      "In this article",
      "",
      `${h1} ${h2}`,
      "",
      P1,
      "",
      h1,
      "",
      P2,
      "",
      h2,
      "",
      P3,
    ]);
    expect(page.body).toEqual([P1, h1, P2, h2, P3]);
  });
});

describe("bylines and site names are no headlines", () => {
  it.each(["La rédaction d'Allo Docteurs", "Redacția", "Die Redaktion", "By the editors", "Редакция"])(
    "'%s' is an author line",
    (line) => {
      expect(isAuthorLine(line)).toBe(true);
    },
  );

  it("a name and tagline around a pipe is not a title; a headline with a site suffix is", () => {
    expect(notATitle("Daily Example | World News", cruft)).toBeDefined();
    expect(
      notATitle("Council approves budget after a six-hour debate | Daily Example", cruft),
    ).toBeUndefined();
  });
});

describe("a head with no prose under it", () => {
  it("reads the article from the densest block of prose below the head", () => {
    const menu = ["* Diseases", "* Health at every age", "* Publications", "* Press", "* About us"];
    // Teasers of other pages (long lines, no sentence) between the menus and the article.
    const teaser =
      "Over 800 health indicators for every region of the country, updated by our teams each week";
    const page = read([
      "3 March 2025",
      TITLE,
      "",
      "Health news for everyone",
      ...menu,
      "",
      teaser,
      "",
      teaser,
      "",
      ...menu,
      "",
      P1,
      "",
      P2,
      "",
      P3,
    ]);
    expect(page.title).toBe(TITLE);
    expect(page.body).toEqual([P1, P2, P3]);
  });
});
