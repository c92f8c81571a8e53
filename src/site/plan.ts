import type { Article } from "../articles/article.js";
import { stripXmlForbidden } from "../markup/xml-safe.js";
import { compareStrings } from "../order.js";
import { type FirstSeen, planArchives } from "./archive.js";
import { planArticlePages } from "./article-pages.js";
import { canonicalCategoryNames, withCanonicalCategories } from "./categories.js";
import { planCategoryFeeds } from "./category-feeds.js";
import type { PlannedDocument } from "./document-kind.js";
import { cachePolicies } from "./headers.js";
import { planIndexAndOpml } from "./index-page.js";
import { planMainFeeds } from "./main-feeds.js";
import type { SiteInfo } from "./pages.js";
import { feedLinksAt, type SiteContext, type SiteSettings } from "./site-context.js";

export type { DocumentFormat, PlannedDocument } from "./document-kind.js";
export { CONTENT_TYPE, RENDER_VERSION, STAGE } from "./document-kind.js";
export type { SiteSettings } from "./site-context.js";

/** Newest first; equal dates fall back to the id so the order never depends on listing order. */
export function newestFirst(a: Article, b: Article): number {
  if (a.published !== b.published) return a.published < b.published ? 1 : -1;
  return compareStrings(a.id, b.id);
}

/**
 * Every public document of the site for these articles, in write-stage order. Pure: same articles and
 * settings, same bytes. Each kind of document has its own planner; this only wires them together.
 * `firstSeen` (the run state's, by source key) decides which archive page an article is on.
 */
export function planSite(
  articles: readonly Article[],
  settings: SiteSettings,
  firstSeen: FirstSeen = {},
): PlannedDocument[] {
  const site: SiteInfo = {
    title: stripXmlForbidden(settings.title),
    description: stripXmlForbidden(settings.description),
    language: settings.language,
    baseUrl: settings.baseUrl,
    timeZone: settings.timeZone,
    author: settings.author ?? { name: stripXmlForbidden(settings.title) },
  };
  const ctx: SiteContext = {
    settings,
    site,
    cache: cachePolicies(settings),
    main: feedLinksAt(settings.baseUrl, "", site.title),
  };
  // One display name per category slug across every document (src/site/categories.ts says the rule).
  const categoryNames = canonicalCategoryNames(articles);
  const sorted = articles.map((a) => withCanonicalCategories(a, categoryNames)).sort(newestFirst);
  const archive = planArchives(ctx, sorted, firstSeen);
  const categories = planCategoryFeeds(ctx, sorted);
  return [
    ...planArticlePages(ctx, sorted),
    ...archive.docs,
    ...categories.docs,
    ...planMainFeeds(ctx, sorted, archive),
    ...planIndexAndOpml(ctx, sorted, categories, archive.archives),
  ];
}
