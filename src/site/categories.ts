import type { Article } from "../articles/article.js";
import { withHeadFields } from "../articles/article-body.js";
import { folderCategories } from "../articles/categories.js";
import { slugify, uuidV5 } from "../articles/ids.js";
import { compareStrings } from "../order.js";

/**
 * Which categories get their own feeds: every one, only those from the source's folders (tags from
 * metadata then stay item categories only), none, or a list of names (matched by slug, so case and
 * spelling variants match).
 */
export type CategoryFeedsSetting = "all" | "folders" | "none" | readonly string[];

/**
 * URL-safe slug for a category name. A name the slug spells out (ASCII letters and digits; spaces and
 * `-_&,.'` carry no meaning between them) keeps the plain slug; any other name (non-Latin letters, `C++` vs `C#`) gets a short hash of
 * the name too, so two categories never share a feed.
 */
export function categorySlug(name: string): string {
  let slug = categorySlugs.get(name);
  if (slug === undefined) {
    slug = slugOfCategory(name);
    if (categorySlugs.size >= CACHED_CATEGORY_SLUGS) categorySlugs.clear();
    categorySlugs.set(name, slug);
  }
  return slug;
}

/**
 * A site has few category names and every run asks for each once per article (slugify transliterates:
 * ~5% of a one-new-article run at 10k articles); the cache is bounded for sources with countless tags.
 */
const categorySlugs = new Map<string, string>();
const CACHED_CATEGORY_SLUGS = 10_000;

function slugOfCategory(name: string): string {
  const key = name.normalize("NFC").toLowerCase();
  const slug = slugify(name);
  if (slug && /^[a-z0-9 _&,.'’:-]+$/.test(key)) return slug;
  const hash = uuidV5(`category:${key}`).slice(0, 8);
  return slug ? `${slug}-${hash}` : `c-${hash}`;
}

const hasCapital = (name: string) => name !== name.toLowerCase();

/**
 * One display name per category slug, whatever spellings the articles use. The rule, in order:
 * 1. a spelling with capitals beats an all-lower-case one (folder names are lower-case by convention;
 *    metadata names are written as their authors want them shown);
 * 2. then the spelling more articles use;
 * 3. then the first in code-unit order (so the result never depends on the order articles arrive in).
 * When every spelling is lower-case, the first letter is capitalised, so folder categories read like the
 * others ("politics" → "Politics").
 */
export function canonicalCategoryNames(articles: readonly Article[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const article of articles) {
    for (const name of article.categories) {
      const slug = categorySlug(name);
      const spellings = counts.get(slug) ?? new Map<string, number>();
      spellings.set(name, (spellings.get(name) ?? 0) + 1);
      counts.set(slug, spellings);
    }
  }
  const names = new Map<string, string>();
  for (const [slug, spellings] of counts) {
    const [best] = [...spellings.entries()].sort(
      ([a, countA], [b, countB]) =>
        Number(hasCapital(b)) - Number(hasCapital(a)) || countB - countA || compareStrings(a, b),
    );
    const name = best?.[0] ?? slug;
    names.set(slug, hasCapital(name) ? name : capitalise(name));
  }
  return names;
}

/** Upper-cases the first letter (locale-independent, so output does not depend on the machine). */
function capitalise(name: string): string {
  const [first = "", ...rest] = Array.from(name);
  return first.toUpperCase() + rest.join("");
}

/** The article with its categories spelled canonically (two spellings of one slug become one). */
export function withCanonicalCategories(article: Article, names: ReadonlyMap<string, string>): Article {
  const categories = [...new Set(article.categories.map((name) => names.get(categorySlug(name)) ?? name))];
  const same =
    categories.length === article.categories.length &&
    categories.every((c, i) => c === article.categories[i]);
  return same ? article : withHeadFields(article, { categories });
}

/** The slugs that get category feeds under the setting. */
export function feedCategorySlugs(
  articles: readonly Article[],
  setting: CategoryFeedsSetting,
): (slug: string) => boolean {
  if (setting === "all") return () => true;
  if (setting === "none") return () => false;
  if (setting === "folders") {
    const folders = new Set(articles.flatMap((a) => folderCategories(a.key).map(categorySlug)));
    return (slug) => folders.has(slug);
  }
  const listed = new Set(setting.map(categorySlug));
  return (slug) => listed.has(slug);
}

/** How many category feeds index.html advertises in `<head>`, besides the main feeds. */
export const DISCOVERED_CATEGORY_LIMIT = 5;

/**
 * The category feeds worth advertising for autodiscovery: the biggest few (ties by slug). Browsers and
 * readers list every `<link rel=alternate>` they find, and three links per tag quickly bury the main feed.
 */
export function discoveredCategories<T extends { slug: string; size: number }>(feeds: readonly T[]): T[] {
  return [...feeds]
    .sort((a, b) => b.size - a.size || compareStrings(a.slug, b.slug))
    .slice(0, DISCOVERED_CATEGORY_LIMIT)
    .sort((a, b) => compareStrings(a.slug, b.slug));
}
