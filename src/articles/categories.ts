import { stripXmlForbidden } from "../markup/xml-safe.js";

/** Categories from the folders a key sits in (`politics/x.txt` → `politics`), skipping date-like folders. */
export function folderCategories(key: string): string[] {
  const parts = key.split("/").slice(0, -1);
  return parts.filter((part) => part !== "" && part !== "." && part !== ".." && !/^\d+$/.test(part));
}

const MAX_CATEGORIES = 20;
const MAX_CATEGORY_LENGTH = 100;

/**
 * Distinct, trimmed categories in first-seen order. `<` and `>` are removed because `feed@6` writes Atom
 * category labels into attributes without escaping them (a not-well-formed document); the count is capped
 * so a corrupt source cannot blow up every feed.
 */
export function cleanCategories(values: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    const oneLine = stripXmlForbidden(value)
      .normalize("NFC")
      .replace(/[<>]/g, " ")
      .replace(/\s+/gu, " ")
      .trim();
    const name = Array.from(oneLine).slice(0, MAX_CATEGORY_LENGTH).join("").trim();
    if (name && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
    if (seen.size >= MAX_CATEGORIES) break;
  }
  return [...seen.values()];
}
