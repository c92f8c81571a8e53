import type { Article } from "../articles/article.js";
import { slugify, uuidV5 } from "../articles/ids.js";
import { renderAtom, renderRss } from "../feeds/build.js";
import type { FeedItem, FeedSpec } from "../feeds/feed-spec.js";
import { renderJsonFeed } from "../feeds/json-feed.js";
import { stripXmlForbidden } from "../feeds/xml-safe.js";
import { renderOpml } from "./opml.js";
import { type FeedLinks, renderArticlePage, renderIndexPage, type SiteInfo } from "./pages.js";

/** What planning needs from the configuration. */
export interface SiteSettings {
  title: string;
  description: string;
  baseUrl: string;
  language: string;
  author?: { name: string; email?: string; url?: string };
  itemLimit: number;
  hubs: readonly string[];
  feedMaxAgeSeconds: number;
  pageMaxAgeSeconds: number;
}

export type DocumentFormat = "xml" | "json" | "html";

/**
 * Write order: a stage is written only after every earlier stage succeeded, so a reader never follows a
 * link to a document that is not there yet (pages before the feeds that link to them, feeds before the
 * index and OPML that list them).
 */
export const STAGE = { articlePages: 0, categoryFeeds: 1, mainFeeds: 2, index: 3 } as const;

export interface PlannedDocument {
  key: string;
  body: string;
  contentType: string;
  cacheControl: string;
  format: DocumentFormat;
  stage: number;
}

export const CONTENT_TYPE = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
  html: "text/html; charset=utf-8",
  opml: "text/x-opml; charset=utf-8",
} as const;

/** Newest first; equal dates fall back to the id so the order never depends on listing order. */
export function newestFirst(a: Article, b: Article): number {
  if (a.published !== b.published) return a.published < b.published ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** URL-safe slug for a category name; names with no Latin letters or digits get a stable hash. */
export function categorySlug(name: string): string {
  return slugify(name) || `c-${uuidV5(`category:${name.toLowerCase()}`).slice(0, 8)}`;
}

/** Every public document of the site for these articles. Pure: same articles and settings, same bytes. */
export function planSite(articles: readonly Article[], settings: SiteSettings): PlannedDocument[] {
  const base = settings.baseUrl;
  const site: SiteInfo = {
    title: stripXmlForbidden(settings.title),
    description: stripXmlForbidden(settings.description),
    language: settings.language,
    baseUrl: base,
  };
  const sorted = [...articles].sort(newestFirst);
  const pageKey = (a: Article) => `articles/${a.slug}.html`;
  const itemOf = (a: Article): FeedItem => ({ article: a, link: a.url ?? base + pageKey(a) });
  const feedCache = `public, max-age=${settings.feedMaxAgeSeconds}`;
  const pageCache = `public, max-age=${settings.pageMaxAgeSeconds}`;
  const docs: PlannedDocument[] = [];

  const linksAt = (prefix: string, title: string): FeedLinks => ({
    title,
    rss: `${base}${prefix}rss.xml`,
    atom: `${base}${prefix}atom.xml`,
    json: `${base}${prefix}feed.json`,
  });
  const main = linksAt("", site.title);

  const feedSet = (
    prefix: string,
    title: string,
    members: readonly Article[],
    stage: number,
    home: string,
  ) => {
    const links = linksAt(prefix, title);
    const spec: FeedSpec = {
      title,
      description: site.description,
      language: site.language,
      homeUrl: home,
      urls: links,
      author: settings.author ?? { name: site.title },
      hubs: settings.hubs,
      items: members.slice(0, settings.itemLimit).map(itemOf),
    };
    docs.push(
      {
        key: `${prefix}rss.xml`,
        body: renderRss(spec),
        contentType: CONTENT_TYPE.rss,
        cacheControl: feedCache,
        format: "xml",
        stage,
      },
      {
        key: `${prefix}atom.xml`,
        body: renderAtom(spec),
        contentType: CONTENT_TYPE.atom,
        cacheControl: feedCache,
        format: "xml",
        stage,
      },
      {
        key: `${prefix}feed.json`,
        body: renderJsonFeed(spec),
        contentType: CONTENT_TYPE.json,
        cacheControl: feedCache,
        format: "json",
        stage,
      },
    );
    return links;
  };

  for (const article of sorted) {
    docs.push({
      key: pageKey(article),
      body: renderArticlePage(site, article, base + pageKey(article), main),
      contentType: CONTENT_TYPE.html,
      cacheControl: pageCache,
      format: "html",
      stage: STAGE.articlePages,
    });
  }

  const byCategory = new Map<string, { name: string; members: Article[] }>();
  for (const article of sorted) {
    for (const name of article.categories) {
      const slug = categorySlug(name);
      const group = byCategory.get(slug) ?? { name, members: [] };
      group.members.push(article);
      byCategory.set(slug, group);
    }
  }
  const categoryLinks = [...byCategory.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([slug, { name, members }]) =>
      feedSet(`categories/${slug}/`, `${site.title}: ${name}`, members, STAGE.categoryFeeds, base),
    );

  feedSet("", site.title, sorted, STAGE.mainFeeds, base);

  const opmlUrl = `${base}feeds.opml`;
  const latest = sorted.slice(0, settings.itemLimit).map(itemOf);
  docs.push(
    {
      key: "index.html",
      body: renderIndexPage(site, latest, main, categoryLinks, opmlUrl),
      contentType: CONTENT_TYPE.html,
      cacheControl: feedCache,
      format: "html",
      stage: STAGE.index,
    },
    {
      key: "feeds.opml",
      body: renderOpml(site, [main, ...categoryLinks], opmlUrl),
      contentType: CONTENT_TYPE.opml,
      cacheControl: feedCache,
      format: "xml",
      stage: STAGE.index,
    },
  );
  return docs;
}
