import type { Article } from "../articles/article.js";
import { archiveUrls } from "./archive.js";
import { type PlannedDocument, STAGE } from "./document-kind.js";
import { planFeedSet } from "./feed-set.js";
import type { ArchiveLinks } from "./pages.js";
import type { SiteContext } from "./site-context.js";

/** The subscription feeds at the root: the newest articles, linked to the newest archive month. */
export function planMainFeeds(
  ctx: SiteContext,
  sorted: readonly Article[],
  archives: readonly ArchiveLinks[],
): PlannedDocument[] {
  const newest = archives[archives.length - 1];
  const history = newest
    ? {
        archive: false,
        links: [{ rel: "prev-archive" as const, urls: archiveUrls(ctx.site.baseUrl, newest.month) }],
      }
    : undefined;
  return planFeedSet(ctx, "", ctx.site.title, sorted, STAGE.mainFeeds, history).docs;
}
