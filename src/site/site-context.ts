import type { Article } from "../articles/article.js";
import type { FeedItem } from "../feeds/feed-spec.js";
import type { CategoryFeedsSetting } from "./categories.js";
import type { CachePolicies } from "./document-kind.js";
import type { FeedLinks, SiteInfo } from "./pages.js";

/** What planning needs from the configuration. */
export interface SiteSettings {
  title: string;
  description: string;
  baseUrl: string;
  language: string;
  /** The sources' zone: page and archive dates follow the newsroom's calendar, not UTC's. */
  timeZone: string;
  author?: { name: string; email?: string; url?: string };
  itemLimit: number;
  /** Entries per RFC 5005 archive page (src/site/archive.ts); absent: DEFAULT_ARCHIVE_PAGE_SIZE. */
  archivePageSize?: number;
  hubs: readonly string[];
  feedMaxAgeSeconds: number;
  pageMaxAgeSeconds: number;
  /** Largest body a feed item carries (UTF-8 bytes); longer ones are cut and link to the article page. */
  maxFeedContentBytes?: number;
  /** Which categories get feeds (default: all); see src/site/categories.ts. */
  categoryFeeds?: CategoryFeedsSetting;
}

export const DEFAULT_MAX_FEED_CONTENT_BYTES = 64 * 1024;

/** What every planner of one site shares. */
export interface SiteContext {
  settings: SiteSettings;
  /** Site-wide text, already XML-safe. */
  site: SiteInfo;
  cache: CachePolicies;
  /** The subscription feeds at the root: every page and archive links to them. */
  main: FeedLinks;
}

/** The page of an article: the item link when the source has no URL of its own. */
export const articlePageKey = (article: Article) => `articles/${article.slug}.html`;

/** The key of a URL inside the site (the home URL is index.html), or undefined for any other URL. */
export function keyOfUrl(url: string, baseUrl: string): string | undefined {
  if (!url.startsWith(baseUrl)) return undefined;
  return url.slice(baseUrl.length) || "index.html";
}

/** Keys of those URLs that are the site's own documents. */
export const siteKeys = (urls: readonly string[], baseUrl: string): string[] =>
  urls.flatMap((url) => keyOfUrl(url, baseUrl) ?? []);

export function feedItem(article: Article, baseUrl: string): FeedItem {
  return { article, link: article.url ?? baseUrl + articlePageKey(article) };
}

/**
 * A feed item with a bounded body (feeds/feed-content.ts): the article page has the whole text, feeds
 * carry at most `maxFeedContentBytes` of it, so 50 long articles never make a feed readers refuse. The
 * bound is applied when the feed is rendered, so planning never needs the body.
 */
export function boundedFeedItem(ctx: SiteContext, article: Article): FeedItem {
  const base = ctx.site.baseUrl;
  const maxBytes = ctx.settings.maxFeedContentBytes ?? DEFAULT_MAX_FEED_CONTENT_BYTES;
  return { ...feedItem(article, base), contentLimit: { maxBytes, pageUrl: base + articlePageKey(article) } };
}

/** The RSS, Atom and JSON Feed URLs of the feed set under `prefix`. */
export function feedLinksAt(baseUrl: string, prefix: string, title: string): FeedLinks {
  return {
    title,
    rss: `${baseUrl}${prefix}rss.xml`,
    atom: `${baseUrl}${prefix}atom.xml`,
    json: `${baseUrl}${prefix}feed.json`,
  };
}
