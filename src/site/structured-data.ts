import type { Article } from "../articles/article.js";
import { escapeHtml as esc } from "../markup/xml-safe.js";
import type { SiteInfo } from "./pages.js";

/** Open Graph (https://ogp.me/) for link previews in chat apps and social sites. */
export function openGraph(site: SiteInfo, article: Article, canonical: string): string {
  const property = (name: string, value: string) => `<meta property="${name}" content="${esc(value)}">`;
  return [
    property("og:type", "article"),
    property("og:title", article.title),
    property("og:url", canonical),
    property("og:site_name", site.title),
    ...(article.summary ? [property("og:description", article.summary)] : []),
    ...(article.image ? [property("og:image", article.image)] : []),
    property("article:published_time", article.published),
    property("article:modified_time", article.updated ?? article.published),
    ...article.categories.map((name) => property("article:tag", name)),
  ].join("\n");
}

/**
 * JSON serialised for an HTML `<script>` data block: `<` escaped so no `</script>` or `<!--` inside a
 * string can end the block (https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements).
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * schema.org NewsArticle as JSON-LD (https://developers.google.com/search/docs/appearance/structured-data/article).
 * Without a byline the site's configured author is the author, as in the feeds.
 */
export function articleJsonLd(site: SiteInfo, article: Article, canonical: string): string {
  const author = article.author
    ? { "@type": "Person", name: article.author }
    : {
        "@type": "Organization",
        name: site.author.name,
        ...(site.author.url ? { url: site.author.url } : {}),
      };
  const data = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    datePublished: article.published,
    dateModified: article.updated ?? article.published,
    author: [author],
    ...(article.image ? { image: [article.image] } : {}),
    ...(article.summary ? { description: article.summary } : {}),
    mainEntityOfPage: { "@type": "WebPage", "@id": canonical },
    publisher: { "@type": "Organization", name: site.title, url: site.baseUrl },
    ...(article.categories.length ? { keywords: article.categories } : {}),
    inLanguage: site.language,
  };
  return `<script type="application/ld+json">${scriptJson(data)}</script>`;
}
