import type { Article } from "../articles/article.js";
import { slotOf } from "../articles/article-body.js";
import { feedContentHtml, surelyFits } from "./feed-content.js";

/** Everything a renderer needs for one feed; all URLs absolute. Items are already sorted and limited. */
export interface FeedSpec {
  title: string;
  description: string;
  language: string;
  /** The HTML page this feed belongs to (the `alternate` link). */
  homeUrl: string;
  urls: { rss: string; atom: string; json: string };
  author: { name: string; email?: string; url?: string };
  hubs: readonly string[];
  items: readonly FeedItem[];
  /** RFC 5005 feed history: links to archived feeds and, for an archive, the `fh:archive` marker. */
  history?: FeedHistory;
}

/** https://www.rfc-editor.org/rfc/rfc5005#section-4 */
export interface FeedHistory {
  /** This document is an archive (immutable once its month is over), not the subscription feed. */
  archive: boolean;
  /**
   * RFC 5005 §2 complete feed (`fh:complete`): this document holds every entry of the feed, so a reader
   * may drop entries it no longer lists. Never with archive links.
   */
  complete?: boolean;
  links: readonly HistoryLink[];
}

export interface HistoryLink {
  rel: "current" | "prev-archive" | "next-archive";
  /** The linked document in each format: an RSS feed links to RSS, an Atom feed to Atom. */
  urls: { rss: string; atom: string };
}

export interface FeedItem {
  article: Article;
  /** The item link: the source's URL, else our article page. */
  link: string;
  /** Cut the body to this many bytes, ending with a link to the full page (see itemContentHtml). */
  contentLimit?: { maxBytes: number; pageUrl: string };
}

/**
 * The item's body as the feed carries it: within `contentLimit` (feed-content.ts). Worked out at render
 * time, once per body while it is loaded (RSS, Atom and JSON Feed share it), never while planning.
 */
export function itemContentHtml(item: FeedItem): string {
  const { article, contentLimit } = item;
  if (!contentLimit) return article.contentHtml;
  const html = article.contentHtml;
  // Most bodies are far within the bound: no cache lookup, which measured ~1.5 µs per item, a quarter of
  // rendering a 1,000-item JSON Feed.
  if (surelyFits(html, contentLimit.maxBytes)) return html;
  const slot = slotOf(article);
  const cacheKey = `${contentLimit.maxBytes} ${contentLimit.pageUrl}`;
  let derived = slot ? slot.derived : boundedPlainBodies.get(article);
  const cached = derived?.get(cacheKey);
  if (typeof cached === "string") return cached;
  const bounded = feedContentHtml(html, contentLimit.maxBytes, contentLimit.pageUrl);
  if (!derived) {
    derived = new Map();
    if (slot) slot.derived = derived;
    else boundedPlainBodies.set(article, derived);
  }
  derived.set(cacheKey, bounded);
  return bounded;
}

/** The same cache for a whole article (no slot: a dry run's, a test's), for as long as it lives. */
const boundedPlainBodies = new WeakMap<Article, Map<unknown, unknown>>();

/** A Date for an article's ISO instant; throws rather than let feed@6 print "Invalid Date". */
export function dateOf(iso: string, key: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()))
    throw new Error(`article ${key} has an invalid date: ${JSON.stringify(iso)}`);
  return date;
}

/** The newest date in the feed: `updated`/`lastBuildDate` come from the articles, never the clock. */
export function feedUpdated(items: readonly FeedItem[]): string {
  let newest = "1970-01-01T00:00:00Z";
  for (const { article } of items) {
    const date = article.updated ?? article.published;
    if (date > newest) newest = date;
  }
  return newest;
}
