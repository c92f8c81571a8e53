import type { Article } from "../articles/article.js";
import { renderAtom, renderRss } from "../feeds/build.js";
import type { FeedSpec } from "../feeds/feed-spec.js";
import { renderJsonFeed } from "../feeds/json-feed.js";
import { xmlProblem } from "../feeds/verify.js";
import { CONTENT_TYPE, type DocumentKind } from "./document-kind.js";
import { renderOpml } from "./opml.js";
import {
  type FeedLinks,
  type IndexContent,
  type Neighbour,
  renderArticlePage,
  renderIndexPage,
  type SiteInfo,
} from "./pages.js";

/** HTML is written by our own templates from escaped text and sanitised bodies; browsers parse leniently. */
const noCheck = () => undefined;

/**
 * JSON Feed is `JSON.stringify` output of plain strings, arrays and objects plus a newline, valid JSON by
 * construction: ECMA-262 escapes every control character and, since ES2019, every lone surrogate
 * (test/feeds/json-feed.property.test.ts parses arbitrary feeds back). Re-parsing it could never fail and
 * cost more than writing it; even reading its first and last characters makes V8 flatten the string at
 * once (issue 8).
 */
const validJsonByConstruction = () => undefined;

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
  verify: validJsonByConstruction,
};

export interface ArticlePageInputs {
  site: SiteInfo;
  article: Article;
  pageUrl: string;
  feeds: FeedLinks;
  /** Only the neighbours' titles and URLs: a new article re-renders its neighbour's page, no other. */
  neighbours: { newer?: Neighbour; older?: Neighbour };
}

export const ARTICLE_PAGE: DocumentKind<ArticlePageInputs> = {
  name: "article-page",
  format: "html",
  contentType: CONTENT_TYPE.html,
  cache: "page",
  render: ({ site, article, pageUrl, feeds, neighbours }) =>
    renderArticlePage(site, article, pageUrl, feeds, neighbours),
  verify: noCheck,
};

export interface IndexPageInputs extends IndexContent {
  site: SiteInfo;
}

export const INDEX_PAGE: DocumentKind<IndexPageInputs> = {
  name: "index-page",
  format: "html",
  contentType: CONTENT_TYPE.html,
  // The index lists the newest articles, so it changes as often as the feeds.
  cache: "feed",
  render: ({ site, ...content }) => renderIndexPage(site, content),
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
