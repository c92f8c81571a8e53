import type { DateLineReading } from "./date-line.js";
import type { PageReading, Role } from "./line-roles.js";

/** One line of a page as the line-role reader sees it, and what its layout rules share. */

export interface Item {
  line: number;
  text: string;
  date?: DateLineReading;
  timeOnly: boolean;
  cruft: boolean;
  furniture?: string;
  prose: boolean;
  linkish: boolean;
  role?: Role;
  rule?: string;
}

/** How far from the top the date may stand for the seed-like layout (date and title as the first lines). */
export const HEAD_WINDOW = 3;
/** Minimum length of a line that counts as prose for the densest-block search. */
export const PROSE_LENGTH = 60;
/** A run of this many short, link-like lines after the body has started is navigation: the body ends. */
export const LINK_RUN = 3;
/** How far above the article's first paragraph the title and date are looked for. */
export const TITLE_SEARCH = 20;
export const DATE_SEARCH = 40;

export const SENTENCE_END = /[.!?…:;"»”)\]'’。！？]$/u;

export type Partial = Omit<PageReading, "lines" | "views" | "errorPage" | "datedDays" | "datedHead">;

export function mark(item: Item, role: Role, rule: string): void {
  item.role = role;
  item.rule = rule;
}
