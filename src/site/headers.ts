import type { CachePolicies, DocumentKind } from "./document-kind.js";
import { ARTICLE_PAGE, ATOM, INDEX_PAGE, JSON_FEED, OPML, RSS } from "./kinds.js";
import { isSiteDocumentKey } from "./layout.js";

export interface CacheSettings {
  feedMaxAgeSeconds: number;
  pageMaxAgeSeconds: number;
}

export interface DocumentHeaders {
  contentType: string;
  cacheControl: string;
}

/** Cache-Control by cache policy: one spelling for the plan (S3 metadata) and the preview server. */
export function cachePolicies(cache: CacheSettings): CachePolicies {
  return {
    feed: `public, max-age=${cache.feedMaxAgeSeconds}`,
    page: `public, max-age=${cache.pageMaxAgeSeconds}`,
  };
}

/** The kind of document a site key holds, by the file name every planner gives that kind. */
function kindOfKey(key: string): DocumentKind<never> | undefined {
  if (!isSiteDocumentKey(key)) return undefined;
  if (key.endsWith("rss.xml")) return RSS;
  if (key.endsWith("atom.xml")) return ATOM;
  if (key.endsWith("feed.json")) return JSON_FEED;
  if (key === "index.html") return INDEX_PAGE;
  if (key === "feeds.opml") return OPML;
  return ARTICLE_PAGE;
}

/**
 * The headers a published key is served with, from its document kind: the very Content-Type and cache
 * policy the plan stores on S3, so the `serve` preview answers as S3 and CloudFront will. Undefined for
 * a key no plan produces.
 */
export function documentHeaders(key: string, cache: CacheSettings): DocumentHeaders | undefined {
  const kind = kindOfKey(key);
  if (!kind) return undefined;
  return { contentType: kind.contentType, cacheControl: cachePolicies(cache)[kind.cache] };
}
