/**
 * The HTTP headers each published document is served with. One rule for every place that serves a
 * document (the S3 object metadata the plan asks for, the `serve` preview server), so a preview answers
 * exactly what S3 and CloudFront will.
 */
export const CONTENT_TYPE = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
  html: "text/html; charset=utf-8",
  opml: "text/x-opml; charset=utf-8",
} as const;

export interface CacheSettings {
  feedMaxAgeSeconds: number;
  pageMaxAgeSeconds: number;
}

export interface DocumentHeaders {
  contentType: string;
  cacheControl: string;
}

/** By file name: every key the plan produces ends in one of these. */
const TYPE_BY_NAME: readonly [RegExp, string][] = [
  [/(^|\/)rss\.xml$/, CONTENT_TYPE.rss],
  [/(^|\/)atom\.xml$/, CONTENT_TYPE.atom],
  [/(^|\/)feed\.json$/, CONTENT_TYPE.json],
  [/\.html$/, CONTENT_TYPE.html],
  [/\.opml$/, CONTENT_TYPE.opml],
];

/**
 * Headers for a published key, or undefined for a key no plan produces. Article pages change rarely and
 * are cached longer; feeds, index and OPML follow the schedule (`feedMaxAgeSeconds`).
 */
export function documentHeaders(key: string, cache: CacheSettings): DocumentHeaders | undefined {
  const contentType = TYPE_BY_NAME.find(([pattern]) => pattern.test(key))?.[1];
  if (!contentType) return undefined;
  const page = key.startsWith("articles/") && key.endsWith(".html");
  const maxAge = page ? cache.pageMaxAgeSeconds : cache.feedMaxAgeSeconds;
  return { contentType, cacheControl: `public, max-age=${maxAge}` };
}
