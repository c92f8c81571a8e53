import type { Article } from "../articles/article.js";
import { type PlannedDocument, planDocument, STAGE } from "./document-kind.js";
import { ARTICLE_PAGE } from "./kinds.js";
import { articlePageKey, type SiteContext, siteKeys } from "./site-context.js";

/** One readable page per article. */
export function planArticlePages(ctx: SiteContext, sorted: readonly Article[]): PlannedDocument[] {
  const base = ctx.site.baseUrl;
  const { main } = ctx;
  return sorted.map((article) => {
    const key = articlePageKey(article);
    return planDocument(
      ARTICLE_PAGE,
      key,
      { site: ctx.site, article, pageUrl: base + key, feeds: main },
      ctx.cache,
      {
        stage: STAGE.articlePages,
        links: siteKeys([base, main.rss, main.atom, main.json], base),
      },
    );
  });
}
