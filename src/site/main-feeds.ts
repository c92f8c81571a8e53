import type { Article } from "../articles/article.js";
import type { FeedHistory } from "../feeds/feed-spec.js";
import { type ArchivePlan, archiveUrls } from "./archive.js";
import { type PlannedDocument, STAGE } from "./document-kind.js";
import { planFeedSet } from "./feed-set.js";
import type { SiteContext } from "./site-context.js";

/**
 * The subscription feeds at the root: the newest `itemLimit` articles by date and every entry of the open
 * archive page (not yet in a full page), newest first, linked to the newest full page. So every article
 * is in a full page or here, and the feed never runs nearly empty right after a page fills; while
 * articles arrive in date order the open page lies within the newest `itemLimit` (src/site/archive.ts).
 */
export function planMainFeeds(
  ctx: SiteContext,
  sorted: readonly Article[],
  archive: Pick<ArchivePlan, "archives" | "open">,
): PlannedDocument[] {
  const newest = archive.archives[archive.archives.length - 1];
  // Without a full page (every article fits, see planArchives) a non-empty feed is complete: RFC 5005 §2.
  const history: FeedHistory | undefined = newest
    ? {
        archive: false,
        links: [{ rel: "prev-archive" as const, urls: archiveUrls(ctx.site.baseUrl, newest.page) }],
      }
    : sorted.length > 0
      ? { archive: false, complete: true, links: [] }
      : undefined;
  const limit = ctx.settings.itemLimit;
  const open = new Set(archive.open);
  // `sorted` is newest first; the open page's entries beyond the newest `limit` keep that order.
  const members = newest ? sorted.filter((a, i) => i < limit || open.has(a)) : sorted;
  return planFeedSet(ctx, "", ctx.site.title, members, STAGE.mainFeeds, history, members.length).docs;
}
