import type { Article } from "../articles/article.js";
import type { FeedHistory, FeedSpec } from "../feeds/feed-spec.js";
import { type PlannedDocument, planDocument } from "./document-kind.js";
import { ATOM, JSON_FEED, RSS } from "./kinds.js";
import type { FeedLinks } from "./pages.js";
import { boundedFeedItem, feedLinksAt, type SiteContext, siteKeys } from "./site-context.js";

export interface FeedSetPlan {
  docs: PlannedDocument[];
  links: FeedLinks;
}

/**
 * RSS, Atom and (for subscription feeds) JSON Feed of `members` under `prefix`, at most `limit` of them
 * (default `itemLimit`). Subscription feeds carry their own URL as WebSub topic; archives hold their
 * whole page and never announce to hubs: they are history, not news.
 */
export function planFeedSet(
  ctx: SiteContext,
  prefix: string,
  title: string,
  members: readonly Article[],
  stage: number,
  history?: FeedHistory,
  limit = ctx.settings.itemLimit,
): FeedSetPlan {
  const { settings, site } = ctx;
  const base = site.baseUrl;
  const links = feedLinksAt(base, prefix, title);
  const archive = history?.archive ?? false;
  const spec: FeedSpec = {
    title,
    description: site.description,
    language: site.language,
    homeUrl: base,
    urls: links,
    author: settings.author ?? { name: site.title },
    hubs: archive ? [] : settings.hubs,
    items: (archive ? members : members.slice(0, limit)).map((a) => boundedFeedItem(ctx, a)),
    ...(history ? { history } : {}),
  };
  const itemLinks = spec.items.map((item) => item.link);
  const historyLinks = (format: "rss" | "atom") => history?.links.map((link) => link.urls[format]) ?? [];
  const feed = (kind: typeof RSS, url: string, linked: readonly string[]) =>
    planDocument(kind, url.slice(base.length), spec, ctx.cache, {
      stage,
      links: siteKeys([base, ...itemLinks, ...linked], base),
      ...(archive ? {} : { topic: url }),
    });
  const docs = [
    feed(RSS, links.rss, historyLinks("rss")),
    feed(ATOM, links.atom, historyLinks("atom")),
    // JSON Feed has no archive documents (RFC 5005 is XML-only); its subscribers get the current feed.
    ...(archive ? [] : [feed(JSON_FEED, links.json, [])]),
  ];
  return { docs, links };
}
