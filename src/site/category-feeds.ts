import type { Article } from "../articles/article.js";
import { slugify, uuidV5 } from "../articles/ids.js";
import { compareStrings } from "../order.js";
import { type PlannedDocument, STAGE } from "./document-kind.js";
import { planFeedSet } from "./feed-set.js";
import type { FeedLinks } from "./pages.js";
import type { SiteContext } from "./site-context.js";

/**
 * URL-safe slug for a category name. A name the slug spells out (ASCII letters and digits; spaces and
 * `-_&,.'` carry no meaning between them) keeps the plain slug; any other name (non-Latin letters, `C++`
 * vs `C#`) gets a short hash of the name too, so two categories never share a feed.
 */
export function categorySlug(name: string): string {
  const key = name.normalize("NFC").toLowerCase();
  const slug = slugify(name);
  if (slug && /^[a-z0-9 _&,.'’:-]+$/.test(key)) return slug;
  const hash = uuidV5(`category:${key}`).slice(0, 8);
  return slug ? `${slug}-${hash}` : `c-${hash}`;
}

/** Articles by category slug, each group with its display name; slugs in code-unit order. */
function byCategory(sorted: readonly Article[]): [string, { name: string; members: Article[] }][] {
  const groups = new Map<string, { name: string; members: Article[] }>();
  for (const article of sorted) {
    for (const name of article.categories) {
      const slug = categorySlug(name);
      const group = groups.get(slug) ?? { name, members: [] };
      // "Economy" from an article's metadata reads better than the folder name "economy".
      if (group.name === group.name.toLowerCase() && name !== name.toLowerCase()) group.name = name;
      group.members.push(article);
      groups.set(slug, group);
    }
  }
  return [...groups.entries()].sort(([a], [b]) => compareStrings(a, b));
}

/** One feed set per category, under `categories/<slug>/`. */
export function planCategoryFeeds(
  ctx: SiteContext,
  sorted: readonly Article[],
): { docs: PlannedDocument[]; feeds: FeedLinks[] } {
  const docs: PlannedDocument[] = [];
  const feeds = byCategory(sorted).map(([slug, { name, members }]) => {
    const set = planFeedSet(
      ctx,
      `categories/${slug}/`,
      `${ctx.site.title}: ${name}`,
      members,
      STAGE.categoryFeeds,
    );
    docs.push(...set.docs);
    return set.links;
  });
  return { docs, feeds };
}
