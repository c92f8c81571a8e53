import type { Article } from "../articles/article.js";
import { compareStrings } from "../order.js";
import { categorySlug, discoveredCategories, feedCategorySlugs } from "./categories.js";
import { type PlannedDocument, STAGE } from "./document-kind.js";
import { planFeedSet } from "./feed-set.js";
import type { FeedLinks } from "./pages.js";
import type { SiteContext } from "./site-context.js";

export { categorySlug } from "./categories.js";

/**
 * Articles by category slug, each group with its display name; slugs in code-unit order. The articles'
 * categories are already spelled canonically (planSite), so every member spells the group's name alike.
 */
function byCategory(sorted: readonly Article[]): [string, { name: string; members: Article[] }][] {
  const groups = new Map<string, { name: string; members: Article[] }>();
  for (const article of sorted) {
    for (const name of article.categories) {
      const slug = categorySlug(name);
      const group = groups.get(slug) ?? { name, members: [] };
      group.members.push(article);
      groups.set(slug, group);
    }
  }
  return [...groups.entries()].sort(([a], [b]) => compareStrings(a, b));
}

/**
 * One feed set per category the `categoryFeeds` setting selects, under `categories/<slug>/`; `discovered`
 * are the few the index advertises in its `<head>`.
 */
export function planCategoryFeeds(
  ctx: SiteContext,
  sorted: readonly Article[],
): { docs: PlannedDocument[]; feeds: FeedLinks[]; discovered: FeedLinks[] } {
  const docs: PlannedDocument[] = [];
  const hasFeed = feedCategorySlugs(sorted, ctx.settings.categoryFeeds ?? "all");
  const planned = byCategory(sorted)
    .filter(([slug]) => hasFeed(slug))
    .map(([slug, { name, members }]) => {
      const set = planFeedSet(
        ctx,
        `categories/${slug}/`,
        `${ctx.site.title}: ${name}`,
        members,
        STAGE.categoryFeeds,
      );
      docs.push(...set.docs);
      return { slug, size: members.length, links: set.links };
    });
  return {
    docs,
    feeds: planned.map((c) => c.links),
    discovered: discoveredCategories(planned).map((c) => c.links),
  };
}
