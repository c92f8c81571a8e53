// Words that appear on date lines, by language. Hand-written: chrono-node reads month names only for the
// languages it ships (en, de, fr, es, ru, uk, ...; no Armenian, Georgian or Azerbaijani), and a date line
// must also be recognised as *only* a date (labels, weekdays and zone names removed), which no date
// library reports. One table serves the .txt reader and a later .html reader alike.

import { ARMENIAN_GEORGIAN_MONTH_NAMES } from "./month-names-armenian-georgian.js";
import { CYRILLIC_MONTH_NAMES } from "./month-names-cyrillic.js";
import { LATIN_MONTH_NAMES } from "./month-names-latin.js";

/** Month name (any language, lower case) → month number, 1 = January; the tables are split by script. */
export const MONTHS: ReadonlyMap<string, number> = new Map(
  [LATIN_MONTH_NAMES, CYRILLIC_MONTH_NAMES, ARMENIAN_GEORGIAN_MONTH_NAMES].flatMap((table) =>
    table.flatMap((names, index) => names.map((name) => [name, index + 1] as const)),
  ),
);

/** Weekday names (removed when judging whether a line is only a date). */
export const WEEKDAYS: ReadonlySet<string> = new Set([
  ...["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
  ...["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"],
  ...["понедельник", "вторник", "среда", "среду", "четверг", "пятница", "пятницу", "суббота", "субботу"],
  ...["воскресенье", "пн", "вт", "ср", "чт", "пт", "сб", "вс"],
  ...["понеділок", "вівторок", "середа", "середу", "четвер", "пʼятниця", "п'ятниця", "пятниця", "субота"],
  ...["неділя", "неділю"],
  ...["երկուշաբթի", "երեքշաբթի", "չորեքշաբթի", "հինգշաբթի", "ուրբաթ", "շաբաթ", "կիրակի"],
  ...["ორშაბათი", "სამშაბათი", "ოთხშაბათი", "ხუთშაბათი", "პარასკევი", "შაბათი", "კვირა"],
  ...["bazar", "ertəsi", "çərşənbə", "axşamı", "cümə", "şənbə"],
  ...["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"],
  ...["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
  ...["luni", "marți", "marţi", "miercuri", "joi", "vineri", "sâmbătă", "duminică"],
  ...["lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo"],
]);

/** Words that label a publication date. */
export const PUBLISHED_LABELS: readonly string[] = [
  "published on",
  "published",
  "posted on",
  "posted",
  "publication date",
  "date",
  "on",
  "опубликовано",
  "опубликован",
  "дата публикации",
  "дата",
  "опубліковано",
  "дата публікації",
  "հրապարակվել է",
  "հրապարակված",
  "հրապարակման ամսաթիվ",
  "ամսաթիվ",
  "გამოქვეყნებულია",
  "გამოქვეყნდა",
  "თარიღი",
  "dərc edilib",
  "dərc olunub",
  "yayımlanıb",
  "tarix",
  "veröffentlicht am",
  "veröffentlicht",
  "datum",
  "publié le",
  "publié",
  "publie le",
  "publicado el",
  "publicado",
  "fecha",
  "data publicării",
  "publicat",
  "data",
];

/** Words that label a later revision of the article. */
export const UPDATED_LABELS: readonly string[] = [
  "last updated",
  "last modified",
  "updated on",
  "updated",
  "modified",
  "edited",
  "обновлено",
  "изменено",
  "оновлено",
  "թարմացվել է",
  "թարմացված",
  "განახლებულია",
  "განახლდა",
  "yenilənib",
  "aktualisiert am",
  "aktualisiert",
  "zuletzt aktualisiert",
  "stand",
  "mis à jour le",
  "mis à jour",
  "mis a jour",
  "actualizado el",
  "actualizado",
  "data actualizării",
  "ultima actualizare",
  "actualizat",
  "modificat",
  "modifié le",
  "modifié",
  "обновлено в",
  "оновлено о",
];

/**
 * Zone abbreviations news sites print after a time, in minutes east of UTC. Abbreviations are ambiguous
 * across the world (AMT is also Amazon Time, UTC-4); this table takes the reading of the regions whose
 * pages we read (AMT = Armenia Time, +4), and a `timeZone` per source settles anything else.
 */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  west: 60,
  bst: 60,
  cet: 60,
  cest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  amt: 240,
  get: 240,
  azt: 240,
  gst: 240,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  ist: 330,
  jst: 540,
  aest: 600,
  мск: 180,
};
