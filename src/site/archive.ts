import type { Article } from "../articles/article.js";
import type { FeedHistory } from "../feeds/feed-spec.js";
import { compareStrings } from "../order.js";
import { type PlannedDocument, STAGE } from "./document-kind.js";
import { planFeedSet } from "./feed-set.js";
import { localDate } from "./local-date.js";
import type { ArchiveLinks } from "./pages.js";
import { feedLinksAt, type SiteContext } from "./site-context.js";

/**
 * Entries per archive page. 50 is `itemLimit`'s default: while articles arrive in date order the open
 * page's entries are among the newest `itemLimit`, so the subscription feed stays at `itemLimit` items
 * (it never holds more than `itemLimit + archivePageSize - 1`), and 10,000 articles make 200 pages.
 */
export const DEFAULT_ARCHIVE_PAGE_SIZE = 50;

/** When the publisher first saw each source key (the run state's `firstSeen`, ISO instants). */
export type FirstSeen = Readonly<Record<string, string>>;

export interface ArchivePlan {
  docs: PlannedDocument[];
  /** The full pages, oldest first. */
  archives: ArchiveLinks[];
  /** What the subscription feeds carry besides the newest `itemLimit`: the open page, not yet archived. */
  open: readonly Article[];
}

/** The paging of a site: full pages (oldest first) of exactly `pageSize` entries, and the open page. */
export interface Paging {
  pages: Article[][];
  open: Article[];
}

/** The RSS and Atom URLs of archive page `n` (1 = oldest). */
export function archiveUrls(baseUrl: string, n: number): { rss: string; atom: string } {
  const { rss, atom } = feedLinksAt(baseUrl, `archive/${n}/`, "");
  return { rss, atom };
}

/**
 * Arrival order: when the publisher first saw the key (else the publication date), then the publication
 * date, then the id. A new article always arrives last, whatever date it carries, so it can only ever
 * join the open page; a first run over an old archive (every key first seen at once) pages by date.
 */
export function arrivalOrder(articles: readonly Article[], firstSeen: FirstSeen): Article[] {
  const arrival = (a: Article) => firstSeen[a.key] ?? a.published;
  return [...articles].sort(
    (a, b) =>
      compareStrings(arrival(a), arrival(b)) ||
      compareStrings(a.published, b.published) ||
      compareStrings(a.id, b.id),
  );
}

/**
 * Page n (1 = oldest) holds entries [(n-1)·P, n·P) of the arrival order; the rest is the open page. The
 * assignment is derived from the order alone, so it needs no state of its own: a deletion shifts every
 * later entry back by one (rare; every article is still on exactly one page).
 */
export function pageArticles(arrived: readonly Article[], pageSize: number): Paging {
  const full = Math.floor(arrived.length / pageSize);
  const pages = Array.from({ length: full }, (_, i) => arrived.slice(i * pageSize, (i + 1) * pageSize));
  return { pages, open: arrived.slice(full * pageSize) };
}

/** A page's name on the index: its number and the dates its entries span, in the sources' zone. */
function pageLabel(n: number, members: readonly Article[], timeZone: string): string {
  const days = members.map((a) => localDate(a.published, timeZone)).sort(compareStrings);
  const first = days[0] ?? "";
  const last = days[days.length - 1] ?? "";
  return `Page ${n} (${first === last ? first : `${first} – ${last}`})`;
}

/**
 * RFC 5005 archived feeds of fixed size in arrival order (see pageArticles), each linked to its
 * neighbours and to the subscription feed. A full page's entries never change: a new article joins the
 * open page, which is not an archive but part of the subscription feed (main-feeds.ts), so one new
 * article re-renders the subscription feeds and, once every `archivePageSize` articles, writes a new page
 * and adds the `next-archive` link to the one before it (RFC 5005 §4: archives do not change
 * meaningfully). A late, back-dated article lands in the open page too; readers sort by date anyway.
 *
 * A site whose every article fits in the subscription feed needs no archive: that feed is marked complete
 * instead (RFC 5005 §2, see planMainFeeds). So is a site with no full page yet: the open page is all of it.
 */
export function planArchives(
  ctx: SiteContext,
  sorted: readonly Article[],
  firstSeen: FirstSeen,
): ArchivePlan {
  const base = ctx.site.baseUrl;
  if (sorted.length <= ctx.settings.itemLimit) return { docs: [], archives: [], open: [] };
  const pageSize = ctx.settings.archivePageSize ?? DEFAULT_ARCHIVE_PAGE_SIZE;
  const { pages, open } = pageArticles(arrivalOrder(sorted, firstSeen), pageSize);
  const rank = new Map(sorted.map((a, i) => [a, i]));
  const newestFirst = (a: Article, b: Article) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
  const docs: PlannedDocument[] = [];
  const archives = pages.map((members, i) => {
    const n = i + 1;
    const history: FeedHistory = {
      archive: true,
      links: [
        { rel: "current", urls: { rss: ctx.main.rss, atom: ctx.main.atom } },
        ...(n > 1 ? [{ rel: "prev-archive" as const, urls: archiveUrls(base, n - 1) }] : []),
        ...(n < pages.length ? [{ rel: "next-archive" as const, urls: archiveUrls(base, n + 1) }] : []),
      ],
    };
    // Newest first, as in every feed (`sorted` is in that order).
    const items = [...members].sort(newestFirst);
    const title = `${ctx.site.title}: archive page ${n}`;
    docs.push(...planFeedSet(ctx, `archive/${n}/`, title, items, STAGE.archives, history).docs);
    return { page: n, label: pageLabel(n, members, ctx.settings.timeZone), ...archiveUrls(base, n) };
  });
  return { docs, archives, open };
}
