import type { Article } from "../articles/article.js";
import { imageParagraph } from "../markup/image.js";
import { escapeHtml as esc } from "../markup/xml-safe.js";
import { localDate } from "./local-date.js";

export interface SiteInfo {
  timeZone: string;
  title: string;
  description: string;
  language: string;
  baseUrl: string;
}

export interface ArchiveLinks {
  month: string;
  rss: string;
  atom: string;
}

export interface FeedLinks {
  title: string;
  rss: string;
  atom: string;
  json: string;
}

const STYLE =
  "body{font:1.05rem/1.6 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#222}" +
  "a{color:#0b57d0}time,.meta{color:#666;font-size:.9rem}img{max-width:100%;height:auto}li{margin:.4rem 0}";

/** Feed autodiscovery (https://www.rssboard.org/rss-autodiscovery) for RSS, Atom and JSON Feed. */
function discoveryLinks(feeds: readonly FeedLinks[]): string {
  return feeds
    .flatMap((f) => [
      `<link rel="alternate" type="application/rss+xml" title="${esc(f.title)} (RSS)" href="${esc(f.rss)}">`,
      `<link rel="alternate" type="application/atom+xml" title="${esc(f.title)} (Atom)" href="${esc(f.atom)}">`,
      `<link rel="alternate" type="application/feed+json" title="${esc(f.title)} (JSON Feed)" href="${esc(f.json)}">`,
    ])
    .join("\n");
}

function page(site: SiteInfo, title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="${esc(site.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
${head}
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The calendar day in the sources' zone: a story from 00:30 in Yerevan is dated that day, not the one before. */
const day = localDate;

/** One article's page: the item link when the source has no URL of its own. */
export function renderArticlePage(
  site: SiteInfo,
  article: Article,
  pageUrl: string,
  feeds: FeedLinks,
): string {
  const canonical = article.url ?? pageUrl;
  const meta = [
    `<time datetime="${esc(article.published)}">${day(article.published, site.timeZone)}</time>`,
    article.author ? esc(article.author) : "",
    article.categories.map(esc).join(", "),
  ]
    .filter(Boolean)
    .join(" · ");
  const source = article.url ? `<p><a href="${esc(article.url)}">Read at the source</a></p>` : "";
  const image = article.image ? imageParagraph(article.image, "") : "";
  return page(
    site,
    `${article.title} · ${site.title}`,
    `<link rel="canonical" href="${esc(canonical)}">\n${discoveryLinks([feeds])}`,
    `<header><a href="${esc(site.baseUrl)}">${esc(site.title)}</a></header>
<article>
<h1>${esc(article.title)}</h1>
<p class="meta">${meta}</p>
${image}${article.contentHtml}
${source}
</article>`,
  );
}

/** The landing page: autodiscovery for every feed, the latest articles, and one subscribe link per feed. */
export function renderIndexPage(
  site: SiteInfo,
  latest: readonly { article: Article; link: string }[],
  main: FeedLinks,
  categories: readonly FeedLinks[],
  archives: readonly ArchiveLinks[],
  opmlUrl: string,
): string {
  const items = latest
    .map(
      ({ article, link }) =>
        `<li><a href="${esc(link)}">${esc(article.title)}</a> <time datetime="${esc(article.published)}">${day(article.published, site.timeZone)}</time></li>`,
    )
    .join("\n");
  const feedList = [main, ...categories]
    .map(
      (f) =>
        `<li>${esc(f.title)}: <a href="${esc(f.rss)}">RSS</a> · <a href="${esc(f.atom)}">Atom</a> · <a href="${esc(f.json)}">JSON Feed</a></li>`,
    )
    .join("\n");
  const archiveList = archives.length
    ? `\n<h2>Archive</h2>\n<ul>\n${[...archives]
        .reverse()
        .map(
          (a) =>
            `<li>${esc(a.month)}: <a href="${esc(a.rss)}">RSS</a> · <a href="${esc(a.atom)}">Atom</a></li>`,
        )
        .join("\n")}\n</ul>`
    : "";
  return page(
    site,
    site.title,
    discoveryLinks([main, ...categories]),
    `<header><h1>${esc(site.title)}</h1><p>${esc(site.description)}</p></header>
<main>
<h2>Latest articles</h2>
<ul>
${items}
</ul>
<h2>Subscribe</h2>
<ul>
${feedList}
<li><a href="${esc(opmlUrl)}">All feeds as OPML</a></li>
</ul>${archiveList}
</main>`,
  );
}
