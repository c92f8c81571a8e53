import { describe, expect, it } from "vitest";
import {
  type DateReadOptions,
  isTimeOnlyLine,
  readDateLine,
} from "../../../src/articles/reading/date-line.js";

const YEREVAN: DateReadOptions = {
  timeZone: "Asia/Yerevan",
  dateOrder: "DMY",
  reference: "2025-03-05T10:00:00Z",
};
const read = (line: string, options: Partial<DateReadOptions> = {}) =>
  readDateLine(line, { ...YEREVAN, ...options });
const published = (line: string, options: Partial<DateReadOptions> = {}) => read(line, options)?.published;

describe("date lines as real pages print them", () => {
  it.each([
    ["Published: March 3, 2025 - 14:20", "2025-03-03T10:20:00Z"],
    ["Monday, March 3, 2025 2:20 PM", "2025-03-03T10:20:00Z"],
    ["PostedMarch 3, 2025", "2025-03-02T20:00:00Z"],
    ["Date: 2025-03-03", "2025-03-02T20:00:00Z"],
    ["12:30 | 03.03.2025 | 👁 1234", "2025-03-03T08:30:00Z"],
    ["By John Smith, March 3, 2025", "2025-03-02T20:00:00Z"],
    ["Published On 24 Nov 202324 Nov 2023", "2023-11-23T20:00:00Z"],
  ])("%s", (line, expected) => {
    expect(published(line)).toBe(expected);
  });

  it.each([
    ["Feb 3, 2025 16:02 EST", "2025-02-03T21:02:00Z"],
    ["Sunday, 2 March 2025 16:02 AMT", "2025-03-02T12:02:00Z"],
    ["10:05 GMT+4, March 3 2025", "2025-03-03T06:05:00Z"],
    ["3 Mar 2025 16:02 MSK", "2025-03-03T13:02:00Z"],
    ["2025-03-03 14:20 +02:00", "2025-03-03T12:20:00Z"],
  ])("a printed zone or offset wins over the source's zone: %s", (line, expected) => {
    expect(published(line)).toBe(expected);
  });

  it.each([
    ["en", "3 March 2025, 14:20"],
    ["hy", "3 մարտի 2025, 14:20"],
    ["hy nominative", "3 Մարտ 2025, 14:20"],
    ["hy year first", "2025 թ. մարտի 3, 14:20"],
    ["ru", "3 марта 2025 г., 14:20"],
    ["ru nominative", "Март 3, 2025 14:20"],
    ["uk", "3 березня 2025, 14:20"],
    ["uk nominative", "березень 3, 2025 14:20"],
    ["ka", "3 მარტი 2025, 14:20"],
    ["ka genitive", "3 მარტის 2025, 14:20"],
    ["az", "03 mart 2025, 14:20"],
    ["de", "3. März 2025, 14:20 Uhr"],
    ["fr", "3 mars 2025 à 14h20"],
    ["es", "3 de marzo de 2025 14:20"],
  ])("month names (%s): %s", (_language, line) => {
    expect(published(line)).toBe("2025-03-03T10:20:00Z");
  });

  it("keeps the seed's own format exact", () => {
    expect(published("15 / September / 2022 : 11-26")).toBe("2022-09-15T07:26:00Z");
  });

  it("reads all-numeric dates in the configured order, unless the numbers settle it", () => {
    expect(published("03/04/2025 10:00", { timeZone: "UTC" })).toBe("2025-04-03T10:00:00Z");
    expect(published("03/04/2025 10:00", { timeZone: "UTC", dateOrder: "MDY" })).toBe("2025-03-04T10:00:00Z");
    expect(published("25/03/2025", { timeZone: "UTC", dateOrder: "MDY" })).toBe("2025-03-25T00:00:00Z");
  });

  it("takes the latest year-less date not after the stored object's time", () => {
    expect(published("3 Mar 14:20", { reference: "2025-03-05T10:00:00Z" })).toBe("2025-03-03T10:20:00Z");
    expect(published("28 Dec", { reference: "2025-03-05T10:00:00Z" })).toBe("2024-12-27T20:00:00Z");
  });

  it("reads a published and updated pair on one line, and an updated label alone", () => {
    expect(read("Posted March 3, 2025, Updated March 4, 2025 10:00")).toMatchObject({
      published: "2025-03-02T20:00:00Z",
      updated: "2025-03-04T06:00:00Z",
    });
    const updated = read("Updated 3 Mar 2025 16:02 MSK");
    expect(updated?.updated).toBe("2025-03-03T13:02:00Z");
    expect(updated?.published).toBeUndefined();
  });

  it("uses chrono-node for phrasings our scanners do not know", () => {
    expect(read("Saturday, the 3rd of March 2018 at 14:20", { timeZone: "UTC" })?.rule).toMatch(/chrono/);
  });

  it("is not fooled by a sentence that mentions a date, a counter or a bare time", () => {
    expect(
      read("The meeting on March 3, 2025 decided to raise taxes for everybody in the country."),
    ).toBeUndefined();
    expect(read("Views: 1234")).toBeUndefined();
    expect(read("Comments (4)")).toBeUndefined();
    expect(read("14:20")).toBeUndefined();
  });

  it("does not date an article from a phrase counted from when the page was stored", () => {
    // chrono-node's strict English parser reads these relative to the reference; a copied page would lie.
    for (const line of [
      "Posted 3 days ago",
      "Updated 2 weeks ago",
      "Published within 3 days",
      "3 days later",
    ])
      expect(read(line, { reference: "2025-03-10T12:00:00Z" }), line).toBeUndefined();
    // The same line with a printed date still reads that date.
    expect(published("Posted 3 days ago, 5 March 2025 14:20", { timeZone: "UTC" })).toBe(
      "2025-03-05T14:20:00Z",
    );
  });

  it("knows a line that is only a time (the second half of a split date line)", () => {
    expect(["14:20", "2:20 PM", "16:02 EST"].map(isTimeOnlyLine)).toEqual([true, true, true]);
    expect(isTimeOnlyLine("14:20 news of the day")).toBe(false);
  });
});
