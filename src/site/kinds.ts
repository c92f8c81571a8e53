import type { Article } from "../articles/article.js";
import { renderAtom, renderRss } from "../feeds/build.js";
import type { FeedItem, FeedSpec } from "../feeds/feed-spec.js";
import { renderJsonFeed } from "../feeds/json-feed.js";
import { jsonProblem, xmlProblem } from "../feeds/verify.js";
import { CONTENT_TYPE, type DocumentKind } from "./document-kind.js";
import { renderOpml } from "./opml.js";
import {
  type ArchiveLinks,
  type FeedLinks,
  renderArticlePage,
  renderIndexPage,
  type SiteInfo,
} from "./pages.js";

/** HTML is written by our own templates from escaped text and sanitised bodies; browsers parse leniently. */
const noCheck = () => undefined;

export const RSS: DocumentKind<FeedSpec> = {
  name: "rss",
  format: "xml",
  contentType: CONTENT_TYPE.rss,
  cache: "feed",
  render: renderRss,
  verify: xmlProblem,
};

export const ATOM: DocumentKind<FeedSpec> = {
  name: "atom",
  format: "xml",
  contentType: CONTENT_TYPE.atom,
  cache: "feed",
  render: renderAtom,
  verify: xmlProblem,
};

export const JSON_FEED: DocumentKind<FeedSpec> = {
  name: "json-feed",
  format: "json",
  contentType: CONTENT_TYPE.json,
  cache: "feed",
  render: renderJsonFeed,
  verify: jsonProblem,
};

export interface ArticlePageInputs {
  site: SiteInfo;
  article: Article;
  pageUrl: string;
  feeds: FeedLinks;
}

export const ARTICLE_PAGE: DocumentKind<ArticlePageInputs> = {
  name: "article-page",
  format: "html",
  contentType: CONTENT_TYPE.html,
  cache: "page",
  render: ({ site, article, pageUrl, feeds }) => renderArticlePage(site, article, pageUrl, feeds),
  verify: noCheck,
};

export interface IndexPageInputs {
  site: SiteInfo;
  latest: readonly FeedItem[];
  main: FeedLinks;
  categories: readonly FeedLinks[];
  archives: readonly ArchiveLinks[];
  opmlUrl: string;
}

export const INDEX_PAGE: DocumentKind<IndexPageInputs> = {
  name: "index-page",
  format: "html",
  contentType: CONTENT_TYPE.html,
  // The index lists the newest articles, so it changes as often as the feeds.
  cache: "feed",
  render: (i) => renderIndexPage(i.site, i.latest, i.main, i.categories, i.archives, i.opmlUrl),
  verify: noCheck,
};

export interface OpmlInputs {
  site: SiteInfo;
  feeds: readonly FeedLinks[];
  opmlUrl: string;
}

export const OPML: DocumentKind<OpmlInputs> = {
  name: "opml",
  format: "xml",
  contentType: CONTENT_TYPE.opml,
  cache: "feed",
  render: ({ site, feeds, opmlUrl }) => renderOpml(site, feeds, opmlUrl),
  verify: xmlProblem,
};
