import type { Article } from "../articles/article.js";
import type { FeedHistory } from "../feeds/feed-spec.js";
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
  // Without archives (every article fits, see planArchives) a non-empty feed is complete: RFC 5005 §2.
  const history: FeedHistory | undefined = newest
    ? {
        archive: false,
        links: [{ rel: "prev-archive" as const, urls: archiveUrls(ctx.site.baseUrl, newest.month) }],
      }
    : sorted.length > 0
      ? { archive: false, complete: true, links: [] }
      : undefined;
  return planFeedSet(ctx, "", ctx.site.title, sorted, STAGE.mainFeeds, history).docs;
}
