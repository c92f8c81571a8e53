import { describe, expect, it } from "vitest";
import { BUILTIN_CRUFT_PATTERNS, compilePatterns } from "../../../src/articles/reading/cruft-patterns.js";
import { gluedTrailerAt, isFurnitureLine, isPrintedTwice } from "../../../src/articles/reading/furniture.js";
import { type PageReading, readPage } from "../../../src/articles/reading/line-roles.js";
import { unwrap } from "../../../src/articles/reading/unwrap.js";

// Every page and line in this file is a SAMPLE written by us to pin one rule about where the body ends and
// what furniture inside it is; real pages are in test/fixtures/pages/ (npm run accuracy).

const options = {
  dates: { timeZone: "UTC", dateOrder: "DMY" as const, reference: "2025-03-05T10:00:00Z" },
  cruft: compilePatterns(BUILTIN_CRUFT_PATTERNS),
};
const read = (text: string): PageReading => readPage(text.split("\n"), options);

const TITLE = "City council approves budget after six-hour debate";
const P1 =
  "The city council approved the new budget on Monday after a debate that lasted more than six hours, officials said.";
const P2 =
  "Opposition members argued that the plan cuts spending on public transport, while the mayor said the cuts were temporary.";
const P3 =
  "The mayor said the budget would be reviewed again in the autumn, once the new tax figures are known.";
const head = [TITLE, "3 March 2025", ""];

describe("where the body ends", () => {
  it("keeps a closing list of the article's own sentences as its last paragraphs, without bullets", () => {
    const items = [
      "The council will first repair the bridges over the river that were damaged in the floods.",
      "It will then extend the tram line to the new hospital in the northern districts of the city.",
    ];
    const page = read([...head, P1, "", P2, "", ...items.map((item) => `* ${item}`), "", "Share"].join("\n"));
    expect(page.body).toEqual([P1, P2, ...items]);
  });

  it("ends at a list of headlines, which is not the article's text", () => {
    const page = read(
      [
        ...head,
        P1,
        "",
        P2,
        "",
        "* Mayor visits the new depot",
        "* Tram fares to rise",
        "* Storm closes bridge",
      ].join("\n"),
    );
    expect(page.body).toEqual([P1, P2]);
  });

  it("cuts a 'read the full article' prompt glued after the last sentence, and ends there", () => {
    const page = read([...head, P1, "", `${P2} _Read the full article on example.org`, "", P3].join("\n"));
    expect(page.body).toEqual([P1, P2]);
    expect(
      gluedTrailerAt("He said it was not so. Citeste intregul articol si comenteaza pe Example.ro"),
    ).toBe(22);
    expect(gluedTrailerAt("She said they would continue reading the report on Monday.")).toBeUndefined();
  });
});

describe("wrapped text dumps", () => {
  // SAMPLE lines in the shape of a `lynx -dump`: a dozen full lines set the wrapping width, then the case.
  const full = "x".repeat(60);
  const dump = (...tail: string[]) =>
    unwrap([...Array.from({ length: 12 }, () => `   ${full} word word`), ...tail]).map((line) => line.text);

  it("never glue a 'see also' heading to the caption above it, nor a tag line to the last sentence", () => {
    const lines = dump(
      "   A caption that happens to fill the whole line up to the wrapping width ab",
      "   Смотри также",
      "",
      "   The last paragraph of the article ends with a finished sentence, as usual.",
      "   elections budget council",
    );
    expect(lines).toContain("Смотри также");
    expect(lines).toContain("elections budget council");
  });

  it("never glue a rule (lynx's <hr>) to the headline above it", () => {
    // A wrapped headline, then a rule printed as underscores.
    const lines = dump(
      "",
      "   Sample council approves the new bridge after a debate of ten years",
      "   and more",
      `     ${"_".repeat(66)}`,
      "   March 5, 2025",
    );
    expect(lines).toContain("Sample council approves the new bridge after a debate of ten years and more");
    expect(lines).toContain("_".repeat(66));
    // Nor the line under the rule to the rule.
    expect(lines).toContain("March 5, 2025");
  });

  it("still joins a wrapped line that is only punctuation to its paragraph", () => {
    const lines = dump(
      "",
      `   « Une phrase d'exemple qui remplit toute la ligne jusqu'à la largeur ${"y".repeat(3)}`,
      "   » !",
    );
    expect(lines.at(-1)).toMatch(/yyy » !$/);
  });
});

describe("furniture inside the body", () => {
  it("tells an image's alt text and caption printed together from a paragraph", () => {
    expect(
      isPrintedTwice("Fighters near Kherson, 7 November 2023 Fighters near Kherson, 7 November 2023"),
    ).toBe(true);
    expect(isPrintedTwice("He said no, and no, and no again to every question asked.")).toBe(false);
  });

  it("drops a caption that ends in a parenthesised credit, and a gallery's image file names", () => {
    // SAMPLE captions in the shapes news sites print them.
    for (const caption of [
      "A sample mother went back to school in her fifties, with her daughter. (7News)",
      "A sample man opened a small cinema for film lovers in 2022. (AP video shot by Sample Name)",
      "A sample driver turned his car into a film prop. (ABC News: Sample Name)",
    ])
      expect(isFurnitureLine(caption), caption).toBeDefined();
    expect(isFurnitureLine("carrie photo.jpg")).toBeDefined();
    expect(isFurnitureLine("sample nurse.jpg sample mother with daughter.JPEG")).toBeDefined();
    // Headlines with a parenthesised tag, sentences with an aside, sentences naming a file: kept.
    for (const text of [
      "Sample council approves the budget (VIDEO)",
      "Who is the sample minister? (Explainer)",
      "Что случилось в примере? (ВИДЕО)",
      "The mayor denied it. (He later apologised for the remark.)",
      "The sample minister denied the claims. (He has since resigned)",
      "Полиция возбудила дело по образцу. (Подробнее в нашем материале)",
      "The river rose by two metres overnight. (See the full map)",
      "The leaked photo, named IMG_2034.JPG",
      "Download the image: chart.png",
      "The agency published the list as a file named report.pdf on Monday.",
      "Readers can download the chart as chart.png. It shows the trend since 2020 in detail.",
    ])
      expect(isFurnitureLine(text), text).toBeUndefined();
  });

  it("drops a pull quote's attribution, a video excerpt's credit and a caption ending in a credit", () => {
    expect(isFurnitureLine("– Oscar De La Hoya")).toBeDefined();
    expect(isFurnitureLine("– Да")).toBeUndefined();
    expect(isFurnitureLine("Extrait de l'émission diffusée mardi sur France 5")).toBeDefined();
    expect(
      isFurnitureLine("Animation depicts the readout of the camera. Credit: S. Kelley/NIST"),
    ).toBeDefined();
    expect(isFurnitureLine(P1)).toBeUndefined();
  });

  it("drops a gallery button without ending the article", () => {
    const page = read([...head, P1, "", "Open gallery view", "", P2, "", P3].join("\n"));
    expect(page.body).toEqual([P1, P2, P3]);
  });
});
