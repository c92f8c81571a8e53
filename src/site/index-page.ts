import type { Article } from "../articles/article.js";
import { type PlannedDocument, planDocument, STAGE } from "./document-kind.js";
import { INDEX_PAGE, OPML } from "./kinds.js";
import type { ArchiveLinks, FeedLinks } from "./pages.js";
import { feedItem, type SiteContext, siteKeys } from "./site-context.js";

const OPML_KEY = "feeds.opml";

const feedUrls = (feeds: readonly FeedLinks[]) => feeds.flatMap((f) => [f.rss, f.atom, f.json]);

/** The landing page (newest articles, every feed, every archive) and the OPML list of every feed. */
export function planIndexAndOpml(
  ctx: SiteContext,
  sorted: readonly Article[],
  categories: readonly FeedLinks[],
  archives: readonly ArchiveLinks[],
): PlannedDocument[] {
  const { site, main, cache } = ctx;
  const base = site.baseUrl;
  const opmlUrl = base + OPML_KEY;
  const latest = sorted.slice(0, ctx.settings.itemLimit).map((a) => feedItem(a, base));
  const feeds = [main, ...categories];
  const index = planDocument(
    INDEX_PAGE,
    "index.html",
    { site, latest, main, categories, archives, opmlUrl },
    cache,
    {
      stage: STAGE.index,
      links: siteKeys(
        [
          ...latest.map((i) => i.link),
          ...feedUrls(feeds),
          ...archives.flatMap((a) => [a.rss, a.atom]),
          opmlUrl,
        ],
        base,
      ),
    },
  );
  const opml = planDocument(OPML, OPML_KEY, { site, feeds, opmlUrl }, cache, {
    stage: STAGE.index,
    links: siteKeys([base, ...feeds.map((f) => f.rss)], base),
  });
  return [index, opml];
}
