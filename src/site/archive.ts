import type { Article } from "../articles/article.js";
import type { FeedHistory } from "../feeds/feed-spec.js";
import { type PlannedDocument, STAGE } from "./document-kind.js";
import { planFeedSet } from "./feed-set.js";
import { localDate } from "./local-date.js";
import type { ArchiveLinks } from "./pages.js";
import { feedLinksAt, type SiteContext } from "./site-context.js";

export interface ArchivePlan {
  docs: PlannedDocument[];
  /** Oldest month first. */
  archives: ArchiveLinks[];
}

const localMonth = (iso: string, timeZone: string) => localDate(iso, timeZone).slice(0, 7);

/** The RSS and Atom URLs of one month's archive. */
export function archiveUrls(baseUrl: string, month: string): { rss: string; atom: string } {
  const { rss, atom } = feedLinksAt(baseUrl, `archive/${month}/`, "");
  return { rss, atom };
}

/** Articles by month of publication in the sources' zone (`YYYY-MM`), months in ascending order. */
function byMonth(sorted: readonly Article[], timeZone: string): Map<string, Article[]> {
  const months = new Map<string, Article[]>();
  for (const article of sorted) {
    const month = localMonth(article.published, timeZone);
    const list = months.get(month);
    if (list) list.push(article);
    else months.set(month, [article]);
  }
  return new Map([...months.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * RFC 5005 archived feeds, one per month of publication in the sources' zone, oldest to newest, each
 * linked to its neighbours and to the subscription feed, so a reader can fetch every article, not only
 * the newest `itemLimit`. The current month's archive still grows until the month ends: RFC 5005 §4 says
 * archives SHOULD NOT change, but leaving it out would hide everything a busy month pushes past the limit.
 */
export function planArchives(ctx: SiteContext, sorted: readonly Article[]): ArchivePlan {
  const base = ctx.site.baseUrl;
  const groups = byMonth(sorted, ctx.settings.timeZone);
  const months = [...groups.keys()];
  const docs: PlannedDocument[] = [];
  const archives = months.map((month, i) => {
    const previous = months[i - 1];
    const next = months[i + 1];
    const history: FeedHistory = {
      archive: true,
      links: [
        { rel: "current", urls: { rss: ctx.main.rss, atom: ctx.main.atom } },
        ...(previous ? [{ rel: "prev-archive" as const, urls: archiveUrls(base, previous) }] : []),
        ...(next ? [{ rel: "next-archive" as const, urls: archiveUrls(base, next) }] : []),
      ],
    };
    const title = `${ctx.site.title}: archive ${month}`;
    const members = groups.get(month) ?? [];
    docs.push(...planFeedSet(ctx, `archive/${month}/`, title, members, STAGE.archives, history).docs);
    return { month, ...archiveUrls(base, month) };
  });
  return { docs, archives };
}
