import fc from "fast-check";
import { DateTime, FixedOffsetZone } from "luxon";
import { describe, expect, it } from "vitest";
import { parseDateLine } from "../../src/articles/dates.js";

const isDateLine = (line: string) => parseDateLine(line, "UTC") !== undefined;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ZONES = ["UTC", "Asia/Yerevan", "Europe/Moscow", "Europe/Berlin", "America/New_York"] as const;

// Kept apart from the parser's own table so the round trip checks the names, not just the plumbing.
const ENGLISH = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const ENGLISH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"];
const ARMENIAN_GENITIVE = [
  "հունվարի",
  "փետրվարի",
  "մարտի",
  "ապրիլի",
  "մայիսի",
  "հունիսի",
  "հուլիսի",
  "օգոստոսի",
  "սեպտեմբերի",
  "հոկտեմբերի",
  "նոյեմբերի",
  "դեկտեմբերի",
];
const ARMENIAN_NOMINATIVE = [
  "Հունվար",
  "Փետրվար",
  "Մարտ",
  "Ապրիլ",
  "Մայիս",
  "Հունիս",
  "Հուլիս",
  "Օգոստոս",
  "Սեպտեմբեր",
  "Հոկտեմբեր",
  "Նոյեմբեր",
  "Դեկտեմբեր",
];
const RUSSIAN_GENITIVE = [
  "января",
  "февраля",
  "марта",
  "апреля",
  "мая",
  "июня",
  "июля",
  "августа",
  "сентября",
  "октября",
  "ноября",
  "декабря",
];
const RUSSIAN_NOMINATIVE = [
  "январь",
  "февраль",
  "март",
  "апрель",
  "май",
  "июнь",
  "июль",
  "август",
  "сентябрь",
  "октябрь",
  "ноябрь",
  "декабрь",
];
const RUSSIAN_SHORT = [
  "янв.",
  "февр.",
  "мар.",
  "апр.",
  "мая",
  "июн.",
  "июл.",
  "авг.",
  "сент.",
  "окт.",
  "нояб.",
  "дек.",
];

describe("parseDateLine", () => {
  const accepted: [line: string, zone: string, expected: string][] = [
    // The real seed.
    ["15 / September / 2022 : 11-26", "Asia/Yerevan", "2022-09-15T07:26:00Z"],
    ["15\u00a0/\u00a0September\u00a0/\u00a02022\u00a0:\u00a011-26", "Asia/Yerevan", "2022-09-15T07:26:00Z"],
    ["  15 /September/ 2022 :  11 - 26  ", "Asia/Yerevan", "2022-09-15T07:26:00Z"],
    ["September 19, 2022 - 16:02", "UTC", "2022-09-19T16:02:00Z"],
    ["Sep 19, 2022 16:02", "Asia/Yerevan", "2022-09-19T12:02:00Z"],
    ["SEPTEMBER 19, 2022 — 16:02", "UTC", "2022-09-19T16:02:00Z"],
    ["September 19th, 2022 at 4:02 pm", "UTC", "2022-09-19T16:02:00Z"],
    ["SEPTEMBER 19TH, 2022 AT 4:02 P.M.", "UTC", "2022-09-19T16:02:00Z"],
    ["Sep 19, 2022 12:05 AM", "UTC", "2022-09-19T00:05:00Z"],
    ["20 September 2024, 01:54", "Europe/Moscow", "2024-09-19T22:54:00Z"],
    ["20 Sept 2024", "UTC", "2024-09-20T00:00:00Z"],
    ["20 sept. 2024", "Asia/Yerevan", "2024-09-19T20:00:00Z"],
    ["20-Sep-2024 01:54", "UTC", "2024-09-20T01:54:00Z"],
    ["1 Jan 2024", "UTC", "2024-01-01T00:00:00Z"],
    ["27/05/2021 12:08", "UTC", "2021-05-27T12:08:00Z"],
    ["27.05.2021", "Europe/Moscow", "2021-05-26T21:00:00Z"],
    ["27-05-2021 12.08", "UTC", "2021-05-27T12:08:00Z"],
    ["04.08.2009 | 00:00", "Asia/Yerevan", "2009-08-03T19:00:00Z"],
    ["4.8.2009 | 0:00 |", "UTC", "2009-08-04T00:00:00Z"],
    // Ambiguous numeric dates are day first: the sources are European.
    ["05/06/2021", "UTC", "2021-06-05T00:00:00Z"],
    ["2022-09-15", "UTC", "2022-09-15T00:00:00Z"],
    ["2022-09-15", "Asia/Yerevan", "2022-09-14T20:00:00Z"],
    ["2022-09-15T11:26", "Asia/Yerevan", "2022-09-15T07:26:00Z"],
    ["2022-09-15 11:26:30", "Europe/Moscow", "2022-09-15T08:26:30Z"],
    ["2022-09-15T11:26:30.789", "UTC", "2022-09-15T11:26:30Z"],
    // An explicit offset wins over the source's zone.
    ["2022-09-15T11:26:00+04:00", "Europe/Moscow", "2022-09-15T07:26:00Z"],
    ["2022-09-15T11:26:00-0230", "UTC", "2022-09-15T13:56:00Z"],
    ["2022-09-15T11:26:00Z", "Asia/Yerevan", "2022-09-15T11:26:00Z"],
    ["15.09.2022 11:26 UTC", "Asia/Yerevan", "2022-09-15T11:26:00Z"],
    ["15.09.2022 11:26 GMT+3", "Asia/Yerevan", "2022-09-15T08:26:00Z"],
    ["15.09.2022 11.26", "UTC", "2022-09-15T11:26:00Z"],
    ["15.09.2022 11-26-30", "UTC", "2022-09-15T11:26:30Z"],
    ["15.09.2022 11:26:30", "UTC", "2022-09-15T11:26:30Z"],
    ["11:26 15.09.2022", "Asia/Yerevan", "2022-09-15T07:26:00Z"],
    ["11:26, 15 сентября 2022 г.", "Europe/Moscow", "2022-09-15T08:26:00Z"],
    // Armenian.
    ["15 սեպտեմբերի 2022, 11:26", "Asia/Yerevan", "2022-09-15T07:26:00Z"],
    ["15 սեպտեմբերի 2022 թ., 11:26", "Asia/Yerevan", "2022-09-15T07:26:00Z"],
    ["15 Սեպտեմբերի 2022թ. 11:26", "Asia/Yerevan", "2022-09-15T07:26:00Z"],
    ["15 ՍԵՊՏԵՄԲԵՐ 2022", "Asia/Yerevan", "2022-09-14T20:00:00Z"],
    ["1 Հունվար 2023 00:00", "Asia/Yerevan", "2022-12-31T20:00:00Z"],
    ["28 փետրվարի 2023 թվականի, 09:15", "Asia/Yerevan", "2023-02-28T05:15:00Z"],
    ["3 մայիսի 2021", "UTC", "2021-05-03T00:00:00Z"],
    ["31 դեկտեմբերի 2021 23:59", "UTC", "2021-12-31T23:59:00Z"],
    // Russian.
    ["15 сентября 2022 г., 11:26", "Europe/Moscow", "2022-09-15T08:26:00Z"],
    ["15 сентября 2022, 11:26", "Europe/Moscow", "2022-09-15T08:26:00Z"],
    ["15 сентября 2022 года в 11:26", "Europe/Moscow", "2022-09-15T08:26:00Z"],
    ["15 Сентябрь 2022", "UTC", "2022-09-15T00:00:00Z"],
    ["15 сент. 2022 11:26", "Europe/Moscow", "2022-09-15T08:26:00Z"],
    ["3 янв. 2021 10:00", "Europe/Moscow", "2021-01-03T07:00:00Z"],
    ["9 мая 2020 г.", "Europe/Moscow", "2020-05-08T21:00:00Z"],
    ["1 МАРТА 2020 00:00", "UTC", "2020-03-01T00:00:00Z"],
    // Moscow was UTC+4 from 2011 to October 2014, and Yerevan kept DST until 2011.
    ["15.09.2013 11:26", "Europe/Moscow", "2013-09-15T07:26:00Z"],
    ["15.07.2010 11:26", "Asia/Yerevan", "2010-07-15T06:26:00Z"],
    // Europe/Berlin DST boundaries: 2024-03-31 02:00 CET -> 03:00 CEST, 2024-10-27 03:00 CEST -> 02:00 CET.
    ["31.03.2024 01:59", "Europe/Berlin", "2024-03-31T00:59:00Z"],
    ["31.03.2024 03:00", "Europe/Berlin", "2024-03-31T01:00:00Z"],
    // 02:30 does not exist that night; luxon moves it forward by the gap.
    ["31.03.2024 02:30", "Europe/Berlin", "2024-03-31T01:30:00Z"],
    ["27.10.2024 01:59", "Europe/Berlin", "2024-10-26T23:59:00Z"],
    // 02:30 happens twice; luxon takes the later (CET) instant.
    ["27.10.2024 02:30", "Europe/Berlin", "2024-10-27T01:30:00Z"],
    ["27.10.2024 03:00", "Europe/Berlin", "2024-10-27T02:00:00Z"],
    ["29.02.2024", "UTC", "2024-02-29T00:00:00Z"],
  ];

  it.each(accepted)("reads %j in %s", (line, zone, expected) => {
    expect(parseDateLine(line, zone)).toBe(expected);
  });

  const rejected: string[] = [
    "",
    "   ",
    "\u00a0",
    "31 February 2022",
    "31.02.2022",
    "29.02.2023",
    "15.13.2022",
    "00.09.2022",
    "32.01.2022",
    "2022-13-01",
    "15.09.2022 25:00",
    "15.09.2022 24:00",
    "15.09.2022 11:60",
    "15.09.2022 11:26:61",
    "Sep 19, 2022 13:00 pm",
    "2022-09-15T11:26:00+25:00",
    "The meeting on 15 September 2022 was long",
    "15 September 2022 was a long day",
    "Published 15.09.2022",
    "15 Foo 2022",
    "September 2022",
    "15 September",
    "September",
    "2022",
    "11:26",
    "15.09.22",
    "15.09/2022",
    "00.00.0000",
    "15.09.0999",
    "Viewed 2792times",
    "15 / September / 2022 : 11",
    "15.09.2022 11:26 - 04",
    "15.09.2022 11:26-30",
  ];

  it.each(rejected)("rejects %j", (line) => {
    expect(parseDateLine(line, "Asia/Yerevan")).toBeUndefined();
    expect(isDateLine(line)).toBe(false);
  });

  it("throws on an unknown zone, which is a configuration error", () => {
    expect(() => parseDateLine("15.09.2022", "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("isDateLine", () => {
  it.each(["15 / September / 2022 : 11-26", "  27.05.2021  ", "15 сентября 2022 г., 11:26", "2022-09-15"])(
    "accepts %j",
    (line) => {
      expect(isDateLine(line)).toBe(true);
    },
  );
});

// --- property tests ---

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

interface Shape {
  name: string;
  hasTime: boolean;
  hasSeconds: boolean;
  format: (w: Wall, sp: string, name: (names: readonly string[]) => string) => string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const SHAPES: readonly Shape[] = [
  {
    name: "d / Month / y : HH-mm",
    hasTime: true,
    hasSeconds: false,
    format: (w, sp, name) =>
      `${w.day}${sp}/${sp}${name(ENGLISH)}${sp}/${sp}${w.year}${sp}:${sp}${pad(w.hour)}-${pad(w.minute)}`,
  },
  {
    name: "Month d, y - HH:mm",
    hasTime: true,
    hasSeconds: false,
    format: (w, sp, name) =>
      `${name(ENGLISH)}${sp}${w.day},${sp}${w.year}${sp}-${sp}${pad(w.hour)}:${pad(w.minute)}`,
  },
  {
    name: "Mon d, y HH:mm",
    hasTime: true,
    hasSeconds: false,
    format: (w, sp, name) =>
      `${name(ENGLISH_SHORT)}${sp}${w.day},${sp}${w.year}${sp}${pad(w.hour)}:${pad(w.minute)}`,
  },
  {
    name: "d Month y, HH:mm",
    hasTime: true,
    hasSeconds: false,
    format: (w, sp, name) =>
      `${w.day}${sp}${name(ENGLISH)}${sp}${w.year},${sp}${pad(w.hour)}:${pad(w.minute)}`,
  },
  {
    name: "d Mon y",
    hasTime: false,
    hasSeconds: false,
    format: (w, sp, name) => `${w.day}${sp}${name(ENGLISH_SHORT)}${sp}${w.year}`,
  },
  {
    name: "dd/MM/y HH:mm",
    hasTime: true,
    hasSeconds: false,
    format: (w, sp) => `${pad(w.day)}/${pad(w.month)}/${w.year}${sp}${pad(w.hour)}:${pad(w.minute)}`,
  },
  {
    name: "dd.MM.y",
    hasTime: false,
    hasSeconds: false,
    format: (w) => `${pad(w.day)}.${pad(w.month)}.${w.year}`,
  },
  {
    name: "dd.MM.y | HH.mm.ss",
    hasTime: true,
    hasSeconds: true,
    format: (w, sp) =>
      `${pad(w.day)}.${pad(w.month)}.${w.year}${sp}|${sp}${pad(w.hour)}.${pad(w.minute)}.${pad(w.second)}`,
  },
  {
    name: "y-MM-dd",
    hasTime: false,
    hasSeconds: false,
    format: (w) => `${w.year}-${pad(w.month)}-${pad(w.day)}`,
  },
  {
    name: "y-MM-ddTHH:mm",
    hasTime: true,
    hasSeconds: false,
    format: (w) => `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`,
  },
  {
    name: "y-MM-dd HH:mm:ss",
    hasTime: true,
    hasSeconds: true,
    format: (w, sp) =>
      `${w.year}-${pad(w.month)}-${pad(w.day)}${sp}${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`,
  },
  {
    name: "d <Armenian> y թ., HH:mm",
    hasTime: true,
    hasSeconds: false,
    format: (w, sp, name) =>
      `${w.day}${sp}${name(ARMENIAN_GENITIVE)}${sp}${w.year}${sp}թ.,${sp}${pad(w.hour)}:${pad(w.minute)}`,
  },
  {
    name: "d <Armenian nominative> y",
    hasTime: false,
    hasSeconds: false,
    format: (w, sp, name) => `${w.day}${sp}${name(ARMENIAN_NOMINATIVE)}${sp}${w.year}`,
  },
  {
    name: "d <Russian> y г., HH:mm",
    hasTime: true,
    hasSeconds: false,
    format: (w, sp, name) =>
      `${w.day}${sp}${name(RUSSIAN_GENITIVE)}${sp}${w.year}${sp}г.,${sp}${pad(w.hour)}:${pad(w.minute)}`,
  },
  {
    name: "d <Russian nominative> y HH-mm-ss",
    hasTime: true,
    hasSeconds: true,
    format: (w, sp, name) =>
      `${w.day}${sp}${name(RUSSIAN_NOMINATIVE)}${sp}${w.year}${sp}${pad(w.hour)}-${pad(w.minute)}-${pad(w.second)}`,
  },
  {
    name: "d <Russian short> y, HH:mm",
    hasTime: true,
    hasSeconds: false,
    format: (w, sp, name) =>
      `${w.day}${sp}${name(RUSSIAN_SHORT)}${sp}${w.year},${sp}${pad(w.hour)}:${pad(w.minute)}`,
  },
  {
    name: "HH:mm dd.MM.y",
    hasTime: true,
    hasSeconds: false,
    format: (w, sp) => `${pad(w.hour)}:${pad(w.minute)}${sp}${pad(w.day)}.${pad(w.month)}.${w.year}`,
  },
];

// Any real calendar day, with its UTC fields reused as a wall-clock reading in the source's zone.
const wallArb: fc.Arbitrary<Wall> = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2199-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => ({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  }));

const spaceArb = fc.constantFrom(" ", "\u00a0", "  ", " \u00a0 ");
const caseArb = fc.constantFrom<(s: string) => string>(
  (s) => s,
  (s) => s.toLowerCase(),
  (s) => s.toUpperCase(),
);

function expectedInstant(w: Wall, shape: Shape, zone: string): string {
  const local = DateTime.fromObject(
    {
      year: w.year,
      month: w.month,
      day: w.day,
      hour: shape.hasTime ? w.hour : 0,
      minute: shape.hasTime ? w.minute : 0,
      second: shape.hasSeconds ? w.second : 0,
    },
    { zone },
  );
  return local.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}

describe("parseDateLine properties", () => {
  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...ZONES), (line, zone) => {
        parseDateLine(line, zone);
        isDateLine(line);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.constantFrom(...ZONES), (line, zone) => {
        parseDateLine(line, zone);
        isDateLine(line);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads every shape back to the instant luxon computes", () => {
    fc.assert(
      fc.property(
        wallArb,
        fc.constantFrom(...SHAPES),
        fc.constantFrom(...ZONES),
        spaceArb,
        caseArb,
        (wall, shape, zone, sp, casing) => {
          const line = shape.format(wall, sp, (names) => casing(names[wall.month - 1] ?? "?"));
          expect(parseDateLine(line, zone), `${shape.name}: ${line}`).toBe(
            expectedInstant(wall, shape, zone),
          );
          expect(isDateLine(line)).toBe(true);
          // The same line inside a sentence is not a date line.
          expect(parseDateLine(`Reported on ${line} by staff`, zone)).toBeUndefined();
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("lets an explicit offset win over the zone", () => {
    const offsetArb = fc.integer({ min: -12 * 4, max: 14 * 4 }).map((quarters) => quarters * 15);
    fc.assert(
      fc.property(wallArb, offsetArb, fc.constantFrom(...ZONES), (w, offsetMinutes, zone) => {
        const abs = Math.abs(offsetMinutes);
        const suffix =
          offsetMinutes === 0
            ? "Z"
            : `${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
        const line = `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${suffix}`;
        const expected = DateTime.fromObject(w, { zone: FixedOffsetZone.instance(offsetMinutes) })
          .toUTC()
          .toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
        expect(parseDateLine(line, zone)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("returns only whole-second UTC ISO instants", () => {
    // Numeric lines with out-of-range parts reach the validation and the four-digit year edges.
    const numericLine = fc
      .tuple(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom(".", "/", "-"),
      )
      .map(([d, m, y, hh, mm, sep]) => `${d}${sep}${m}${sep}${y} ${hh}:${pad(mm)}`);
    const edgeLine = fc.constantFrom(
      "31.12.9999 23:59",
      "9999-12-31T23:59:59-12:00",
      "01.01.1000 00:00",
      "1000-01-01T00:00:00+14:00",
    );
    const shapedLine = fc
      .tuple(wallArb, fc.constantFrom(...SHAPES), spaceArb)
      .map(([w, shape, sp]) => shape.format(w, sp, (names) => names[w.month - 1] ?? "?"));
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), numericLine, edgeLine, shapedLine),
        fc.constantFrom(...ZONES),
        (line, zone) => {
          const result = parseDateLine(line, zone);
          if (result !== undefined) expect(result).toMatch(ISO_INSTANT);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
