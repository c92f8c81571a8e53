// Keeps the labelled corpus and the holdout honest: every page has a valid sidecar, labels quote text that is
// really on the page, furniture strings are real furniture (on the page, outside the labelled body), and the
// README lists every page with its source. The holdout shares no page and no site with the corpus.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collapse, HOLDOUT_DIR, PAGES_DIR, pageIds, pageLabelSchema, readPage } from "./labels.js";

const MAX_PAGE_BYTES = 200 * 1024;

// The UTC offset ("+03:00") of an IANA zone at an instant, from the platform's time-zone data.
const zoneOffset = (timeZone: string, instant: number): string => {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(instant)
    .find((part) => part.type === "timeZoneName")?.value;
  const offset = name?.replace("GMT", "") ?? "";
  return offset === "" ? "+00:00" : offset;
};

// A bare day ("2023-10-20") is compared by day: its earliest moment anywhere on Earth (UTC+14).
const earliestInstant = (printed: string): number =>
  Date.parse(printed.length === 10 ? `${printed}T00:00:00+14:00` : printed);

function checkPages(dir: string): void {
  const ids = pageIds(dir);

  it("pairs every page with a sidecar and every sidecar with a page", () => {
    const sidecars = readdirSync(dir)
      .filter((name) => name.endsWith(".expected.json"))
      .map((name) => name.slice(0, -".expected.json".length))
      .sort();
    expect(sidecars).toEqual(ids);
  });

  it("uses unique lowercase <site-slug>-<nn> ids", () => {
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*-\d{2}$/);
    expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(ids.length);
  });

  it.skipIf(dir !== PAGES_DIR)(
    "covers at least 60 pages from 15 sites in 5 languages, with no site over-represented",
    () => {
      const labels = ids.map((id) => readPage(id, dir).label);
      const perSite = new Map<string, number>();
      for (const label of labels) perSite.set(label.site, (perSite.get(label.site) ?? 0) + 1);
      expect(ids.length).toBeGreaterThanOrEqual(60);
      expect(perSite.size).toBeGreaterThanOrEqual(15);
      expect(new Set(labels.map((label) => label.language)).size).toBeGreaterThanOrEqual(5);
      expect(Math.max(...perSite.values())).toBeLessThanOrEqual(7);
      expect(labels.filter((label) => label.decision === "reject").length).toBeGreaterThanOrEqual(3);
      expect(
        labels.filter((label) => label.decision === "publish" && label.published === null).length,
      ).toBeGreaterThan(0);
    },
  );

  it("lists every page and its source in the README", () => {
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    for (const id of ids) expect(readme, id).toContain(`| ${id} |`);
  });

  describe.each(ids)("%s", (id) => {
    const page = readPage(id, dir);
    const text = collapse(new TextDecoder("utf-8", { fatal: false }).decode(page.bytes));
    const { label } = page;

    it("has a sidecar that matches the format", () => {
      const raw = JSON.parse(readFileSync(join(dir, `${id}.expected.json`), "utf8"));
      expect(pageLabelSchema.safeParse(raw).error).toBeUndefined();
      expect(existsSync(join(dir, `${id}.txt`))).toBe(true);
    });

    it("is a small stored page, in UTF-8 unless its notes name another encoding", () => {
      expect(page.bytes.length).toBeLessThanOrEqual(MAX_PAGE_BYTES);
      if (/windows-1252|encoding/i.test(label.notes ?? "")) return;
      expect(() => new TextDecoder("utf-8", { fatal: true }).decode(page.bytes)).not.toThrow();
    });

    it("quotes the title and the first and last paragraphs from the page, in order", () => {
      for (const quoted of [label.title, label.firstParagraph, label.lastParagraph]) {
        if (quoted === null) continue;
        expect(quoted, "labels are whitespace-collapsed").toBe(collapse(quoted));
        expect(text).toContain(quoted);
      }
      if (label.firstParagraph !== null && label.lastParagraph !== null) {
        const first = text.indexOf(label.firstParagraph);
        expect(text.indexOf(label.lastParagraph, first)).toBeGreaterThanOrEqual(first);
      }
    });

    it("names furniture that is really on the page", () => {
      for (const furniture of label.mustNotContain) expect(text).toContain(collapse(furniture));
    });

    it("labels printed times with the offset their zone had on that day", () => {
      for (const printed of [label.published, label.updated]) {
        // "Z" is used only where the page itself prints UTC/GMT; bare days carry no offset.
        if (printed === null || printed.length === 10 || printed.endsWith("Z")) continue;
        expect(printed.slice(-6), printed).toBe(zoneOffset(label.timeZone, Date.parse(printed)));
      }
    });

    it("was stored after it was published, and updated after that", () => {
      if (label.published === null) return;
      const published = earliestInstant(label.published);
      expect(Date.parse(label.storedAt)).toBeGreaterThanOrEqual(published);
      if (label.updated !== null) expect(earliestInstant(label.updated)).toBeGreaterThanOrEqual(published);
    });
  });
}

describe("labelled page corpus", () => checkPages(PAGES_DIR));

describe("holdout pages", () => {
  checkPages(HOLDOUT_DIR);

  it("shares no page, source file or site with the corpus, and has at most 2 pages of a site", () => {
    const corpus = pageIds().map((id) => readPage(id));
    const holdout = pageIds(HOLDOUT_DIR).map((id) => readPage(id, HOLDOUT_DIR));
    expect(holdout.length).toBeGreaterThan(0);
    const sourceFile = (source: string) => source.split(" @ ")[0];
    const corpusSites = new Set(corpus.map((page) => page.label.site));
    const corpusFiles = new Set(corpus.map((page) => sourceFile(page.label.source)));
    const corpusBytes = new Set(corpus.map((page) => page.bytes.toString("base64")));
    const perSite = new Map<string, number>();
    for (const page of holdout) {
      expect(corpusSites.has(page.label.site), page.id).toBe(false);
      expect(corpusFiles.has(sourceFile(page.label.source)), page.id).toBe(false);
      expect(corpusBytes.has(page.bytes.toString("base64")), page.id).toBe(false);
      perSite.set(page.label.site, (perSite.get(page.label.site) ?? 0) + 1);
    }
    expect(Math.max(...perSite.values())).toBeLessThanOrEqual(2);
  });
});
