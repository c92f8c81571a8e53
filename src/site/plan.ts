import { createHash } from "node:crypto";
import type { Article } from "../articles/article.js";
import { renderAtom, renderRss } from "../feeds/build.js";
import type { FeedHistory, FeedItem, FeedSpec } from "../feeds/feed-spec.js";
import { renderJsonFeed } from "../feeds/json-feed.js";
import { stripXmlForbidden } from "../feeds/xml-safe.js";
import { compareStrings } from "../order.js";
import {
  type CategoryFeedsSetting,
  canonicalCategoryNames,
  categorySlug,
  discoveredCategories,
  feedCategorySlugs,
  withCanonicalCategories,
} from "./categories.js";
import { documentHeaders } from "./headers.js";
import { localDate } from "./local-date.js";
import { renderOpml } from "./opml.js";
import { type FeedLinks, renderArticlePage, renderIndexPage, type SiteInfo } from "./pages.js";

/** What planning needs from the configuration. */
export interface SiteSettings {
  title: string;
  description: string;
  baseUrl: string;
  language: string;
  /** The sources' zone: archive months and page dates follow the newsroom's calendar, not UTC's. */
  timeZone: string;
  author?: { name: string; email?: string; url?: string };
  itemLimit: number;
  hubs: readonly string[];
  feedMaxAgeSeconds: number;
  pageMaxAgeSeconds: number;
  /** Which categories get feeds (default: all); see src/site/categories.ts. */
  categoryFeeds?: CategoryFeedsSetting;
}

export type DocumentFormat = "xml" | "json" | "html";

/**
 * Write order: a stage is written only after every earlier stage succeeded, so a reader never follows a
 * link to a document that is not there yet (pages before the feeds that link to them, feeds before the
 * index and OPML that list them).
 */
export const STAGE = { articlePages: 0, archives: 1, categoryFeeds: 2, mainFeeds: 3, index: 4 } as const;

/**
 * Bump whenever a renderer's output changes for the same input, so documents skipped as "inputs
 * unchanged" are rendered again. test/site/render-version.test.ts fails when golden files change
 * without a bump.
 */
export const RENDER_VERSION = 2;

export interface PlannedDocument {
  key: string;
  /**
   * Rendered when read (and again on every read): a run renders, hashes and writes one document at a
   * time instead of holding a whole site in memory. Rendering is pure, so every read gives the same bytes.
   */
  readonly body: string;
  /**
   * Digest of everything the body is rendered from, far cheaper than rendering: a run skips documents
   * whose inputs are unchanged since they were last stored.
   */
  readonly inputDigest: string;
  contentType: string;
  cacheControl: string;
  format: DocumentFormat;
  stage: number;
}

export { categorySlug } from "./categories.js";
export { CONTENT_TYPE } from "./headers.js";

/** Newest first; equal dates fall back to the id so the order never depends on listing order. */
export function newestFirst(a: Article, b: Article): number {
  if (a.published !== b.published) return a.published < b.published ? 1 : -1;
  return compareStrings(a.id, b.id);
}

const localMonth = (iso: string, timeZone: string) => localDate(iso, timeZone).slice(0, 7);

/** JSON.stringify replacer: the same data always serialises the same way, whatever its key order. */
const sortedKeys = (_key: string, value: unknown) =>
  value && typeof value === "object" && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => compareStrings(a, b)))
    : value;

function unplannedKey(key: string): never {
  throw new Error(`no content type for planned key ${key} (src/site/headers.ts)`);
}

/** Every public document of the site for these articles. Pure: same articles and settings, same bytes. */
export function planSite(articles: readonly Article[], settings: SiteSettings): PlannedDocument[] {
  const base = settings.baseUrl;
  const site: SiteInfo = {
    title: stripXmlForbidden(settings.title),
    description: stripXmlForbidden(settings.description),
    language: settings.language,
    baseUrl: base,
    timeZone: settings.timeZone,
    author: settings.author ?? { name: stripXmlForbidden(settings.title) },
  };
  // One display name per category slug across every document (src/site/categories.ts says the rule).
  const categoryNames = canonicalCategoryNames(articles);
  const sorted = articles.map((a) => withCanonicalCategories(a, categoryNames)).sort(newestFirst);
  const pageKey = (a: Article) => `articles/${a.slug}.html`;
  const itemOf = (a: Article): FeedItem => ({ article: a, link: a.url ?? base + pageKey(a) });
  const docs: PlannedDocument[] = [];

  const linksAt = (prefix: string, title: string): FeedLinks => ({
    title,
    rss: `${base}${prefix}rss.xml`,
    atom: `${base}${prefix}atom.xml`,
    json: `${base}${prefix}feed.json`,
  });
  const main = linksAt("", site.title);

  /**
   * A planned document whose body is rendered on demand (see PlannedDocument.body); `inputs` is everything
   * the renderer reads, so equal digests mean equal bodies (for the same RENDER_VERSION).
   */
  const lazy = (
    key: string,
    render: () => string,
    inputs: unknown,
    format: DocumentFormat,
    stage: number,
  ): PlannedDocument => ({
    key,
    get body() {
      return render();
    },
    get inputDigest() {
      return createHash("sha256")
        .update(JSON.stringify([RENDER_VERSION, key, inputs], sortedKeys))
        .digest("hex");
    },
    // The same rule the preview server answers with (src/site/headers.ts); every planned key has headers.
    ...(documentHeaders(key, settings) ?? unplannedKey(key)),
    format,
    stage,
  });
  const feedDoc = (
    key: string,
    render: () => string,
    spec: FeedSpec,
    format: DocumentFormat,
    stage: number,
  ) => docs.push(lazy(key, render, spec, format, stage));

  /** RSS, Atom and (for subscription feeds) JSON Feed of `members` under `prefix`. */
  const feedSet = (
    prefix: string,
    title: string,
    members: readonly Article[],
    stage: number,
    history?: FeedHistory,
  ): FeedLinks => {
    const links = linksAt(prefix, title);
    const archive = history?.archive ?? false;
    const spec: FeedSpec = {
      title,
      description: site.description,
      language: site.language,
      homeUrl: base,
      urls: links,
      author: settings.author ?? { name: site.title },
      // Archives hold their whole month and never announce to hubs: they are history, not news.
      hubs: archive ? [] : settings.hubs,
      items: (archive ? members : members.slice(0, settings.itemLimit)).map(itemOf),
      ...(history ? { history } : {}),
    };
    feedDoc(`${prefix}rss.xml`, () => renderRss(spec), spec, "xml", stage);
    feedDoc(`${prefix}atom.xml`, () => renderAtom(spec), spec, "xml", stage);
    // JSON Feed has no archive documents (RFC 5005 is XML-only); its subscribers get the current feed.
    if (!archive) feedDoc(`${prefix}feed.json`, () => renderJsonFeed(spec), spec, "json", stage);
    return links;
  };

  // Each page links to its neighbours in feed order by title and URL only, so a new article re-renders
  // its own page and its neighbours' (their inputs changed), never the rest.
  const neighbour = (a: Article) => ({ title: a.title, url: base + pageKey(a) });
  sorted.forEach((article, i) => {
    const key = pageKey(article);
    const newer = sorted[i - 1];
    const older = sorted[i + 1];
    const neighbours = {
      ...(newer ? { newer: neighbour(newer) } : {}),
      ...(older ? { older: neighbour(older) } : {}),
    };
    const render = () => renderArticlePage(site, article, base + key, main, neighbours);
    docs.push(lazy(key, render, [site, article, main, neighbours], "html", STAGE.articlePages));
  });

  // RFC 5005 archived feeds, one per month of publication in the sources' zone, oldest to newest, each
  // linked to its neighbours and to the subscription feed, so a reader can fetch every article, not only
  // the newest `itemLimit`. The current month's archive still grows until the month ends: RFC 5005 §4 says
  // archives SHOULD NOT change, but leaving it out would hide everything a busy month pushes past the limit.
  // A site whose every article fits in the subscription feed needs no archive: that feed is marked complete
  // (RFC 5005 §2) instead. This also spares a young site a lone archive month, with neither neighbour,
  // which the W3C validator flags as ArchiveIncomplete.
  const complete = sorted.length <= settings.itemLimit;
  const byMonth = new Map<string, Article[]>();
  for (const article of complete ? [] : sorted) {
    const month = localMonth(article.published, settings.timeZone);
    const list = byMonth.get(month);
    if (list) list.push(article);
    else byMonth.set(month, [article]);
  }
  const months = [...byMonth.keys()].sort();
  const archiveUrls = (month: string) => {
    const links = linksAt(`archive/${month}/`, "");
    return { rss: links.rss, atom: links.atom };
  };
  const archives = months.map((month, i) => {
    const previous = months[i - 1];
    const next = months[i + 1];
    const history: FeedHistory = {
      archive: true,
      links: [
        { rel: "current", urls: { rss: main.rss, atom: main.atom } },
        ...(previous ? [{ rel: "prev-archive" as const, urls: archiveUrls(previous) }] : []),
        ...(next ? [{ rel: "next-archive" as const, urls: archiveUrls(next) }] : []),
      ],
    };
    const title = `${site.title}: archive ${month}`;
    feedSet(`archive/${month}/`, title, byMonth.get(month) ?? [], STAGE.archives, history);
    return { month, ...archiveUrls(month) };
  });

  const byCategory = new Map<string, { name: string; members: Article[] }>();
  for (const article of sorted) {
    for (const name of article.categories) {
      const slug = categorySlug(name);
      const group = byCategory.get(slug) ?? { name, members: [] };
      group.members.push(article);
      byCategory.set(slug, group);
    }
  }
  const hasFeed = feedCategorySlugs(sorted, settings.categoryFeeds ?? "all");
  const categoryFeeds = [...byCategory.entries()]
    .filter(([slug]) => hasFeed(slug))
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([slug, { name, members }]) => ({
      slug,
      size: members.length,
      links: feedSet(`categories/${slug}/`, `${site.title}: ${name}`, members, STAGE.categoryFeeds),
    }));
  const categoryLinks = categoryFeeds.map((c) => c.links);
  const discovered = discoveredCategories(categoryFeeds).map((c) => c.links);

  const newestMonth = months[months.length - 1];
  feedSet(
    "",
    site.title,
    sorted,
    STAGE.mainFeeds,
    newestMonth
      ? { archive: false, links: [{ rel: "prev-archive", urls: archiveUrls(newestMonth) }] }
      : complete && sorted.length > 0
        ? { archive: false, complete: true, links: [] }
        : undefined,
  );

  const opmlUrl = `${base}feeds.opml`;
  const latest = sorted.slice(0, settings.itemLimit).map(itemOf);
  const indexContent = { latest, main, categories: categoryLinks, discovered, archives, opmlUrl };
  const index = () => renderIndexPage(site, indexContent);
  const opml = () => renderOpml(site, [main, ...categoryLinks], opmlUrl);
  docs.push(
    lazy("index.html", index, [site, latest, main, categoryLinks, archives, opmlUrl], "html", STAGE.index),
    lazy("feeds.opml", opml, [site, main, categoryLinks, opmlUrl], "xml", STAGE.index),
  );
  return docs;
}
