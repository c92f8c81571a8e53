import type { Article } from "../articles/article.js";
import { type PlannedDocument, planDocument, STAGE } from "./document-kind.js";
import { ARTICLE_PAGE } from "./kinds.js";
import { articlePageKey, type SiteContext, siteKeys } from "./site-context.js";

/**
 * One readable page per article, linked to its neighbours in feed order (newest first, ties by id). A
 * page's inputs carry only its neighbours' titles and URLs, so a new article re-renders its own page and
 * its neighbours', never the rest.
 */
export function planArticlePages(ctx: SiteContext, sorted: readonly Article[]): PlannedDocument[] {
  const base = ctx.site.baseUrl;
  const { main } = ctx;
  const neighbour = (a: Article) => ({ title: a.title, url: base + articlePageKey(a) });
  return sorted.map((article, i) => {
    const key = articlePageKey(article);
    const newer = sorted[i - 1];
    const older = sorted[i + 1];
    const neighbours = {
      ...(newer ? { newer: neighbour(newer) } : {}),
      ...(older ? { older: neighbour(older) } : {}),
    };
    return planDocument(
      ARTICLE_PAGE,
      key,
      { site: ctx.site, article, pageUrl: base + key, feeds: main, neighbours },
      ctx.cache,
      {
        stage: STAGE.articlePages,
        links: siteKeys(
          [
            base,
            main.rss,
            main.atom,
            main.json,
            ...(newer ? [neighbour(newer).url] : []),
            ...(older ? [neighbour(older).url] : []),
          ],
          base,
        ),
      },
    );
  });
}
