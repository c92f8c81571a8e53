import type { Article } from "../articles/article.js";
import { truncateAtWord } from "../articles/text.js";
import { imageParagraph } from "../markup/image.js";
import { escapeHtml as esc } from "../markup/xml-safe.js";
import { contentSecurityPolicy } from "./csp.js";
import { localDateTime } from "./local-date.js";
import { articleJsonLd, openGraph } from "./structured-data.js";

export interface SiteInfo {
  timeZone: string;
  title: string;
  description: string;
  language: string;
  baseUrl: string;
  /** The feed author from the config (the site title when none is set). */
  author: { name: string; url?: string };
}

export interface ArchiveLinks {
  /** 1 = the oldest page. */
  page: number;
  /** What the index calls the page: its number and the dates it spans. */
  label: string;
  rss: string;
  atom: string;
}

export interface FeedLinks {
  title: string;
  rss: string;
  atom: string;
  json: string;
}

/** An article page's neighbour in publication order (newest first, ties by id, as in the feeds). */
export interface Neighbour {
  title: string;
  url: string;
}

const STYLE =
  "body{font:1.05rem/1.6 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#222}" +
  "a{color:#0b57d0}time,.meta{color:#666;font-size:.9rem}time{white-space:nowrap}" +
  "img{max-width:100%;height:auto}li{margin:.4rem 0}.summary{margin:.1rem 0 0;color:#444;font-size:.95rem}" +
  "code{word-break:break-all;background:#f3f3f3;padding:0 .2rem}button{font:inherit;font-size:.85rem}" +
  "nav.pager{display:flex;justify-content:space-between;gap:1rem;margin-top:2rem}";

/**
 * The copy buttons' script, allowed by its hash in the index's CSP. The buttons start `hidden` and are
 * shown only where the clipboard API exists (secure contexts: https and loopback), so a page without
 * the script, or opened from disk, shows no dead buttons.
 */
export const COPY_SCRIPT =
  'if(navigator.clipboard){for(const b of document.querySelectorAll("button[data-copy]")){b.hidden=false;' +
  'b.addEventListener("click",()=>navigator.clipboard.writeText(b.dataset.copy).then(' +
  '()=>{b.textContent="Copied"},()=>{b.textContent="Select and copy the address"}))}}';

/** One-click subscription pages of popular web feed readers; each takes the feed URL as a parameter. */
const READERS: readonly { name: string; url: (feed: string) => string }[] = [
  { name: "Feedly", url: (feed) => `https://feedly.com/i/subscription/feed/${encodeURIComponent(feed)}` },
  { name: "Inoreader", url: (feed) => `https://www.inoreader.com/?add_feed=${encodeURIComponent(feed)}` },
  { name: "NewsBlur", url: (feed) => `https://www.newsblur.com/?url=${encodeURIComponent(feed)}` },
];

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

function page(
  site: SiteInfo,
  title: string,
  head: string,
  body: string,
  scripts: readonly string[] = [],
): string {
  const csp = contentSecurityPolicy({ styles: [STYLE], scripts });
  return `<!doctype html>
<html lang="${esc(site.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
${head}
<style>${STYLE}</style>
</head>
<body>
${body}
${scripts.map((code) => `<script>${code}</script>\n`).join("")}</body>
</html>
`;
}

/** A `<time>` in the sources' zone with its UTC offset: a story from 00:30 in Yerevan is dated that day. */
function timeElement(iso: string, timeZone: string): string {
  const { date, time, offset } = localDateTime(iso, timeZone);
  return `<time datetime="${esc(iso)}">${date} ${time} ${offset}</time>`;
}

/**
 * One article's page. An article with a source `url` still gets its page (the index, the neighbours'
 * links and the archive copy of a source that may later vanish all lead to it), but its canonical link
 * names the source, so search engines credit the original and do not count our copy as a duplicate.
 */
export function renderArticlePage(
  site: SiteInfo,
  article: Article,
  pageUrl: string,
  feeds: FeedLinks,
  neighbours: { newer?: Neighbour; older?: Neighbour } = {},
): string {
  const canonical = article.url ?? pageUrl;
  const meta = [
    timeElement(article.published, site.timeZone),
    article.author ? esc(article.author) : "",
    article.categories.map(esc).join(", "),
  ]
    .filter(Boolean)
    .join(" · ");
  const updated = article.updated
    ? `<p class="meta">Updated ${timeElement(article.updated, site.timeZone)}</p>\n`
    : "";
  const source = article.url ? `<p><a href="${esc(article.url)}">Read at the source</a></p>` : "";
  const image = article.image ? imageParagraph(article.image, "") : "";
  const pager =
    neighbours.newer || neighbours.older
      ? `\n<nav class="pager" aria-label="More articles">${[
          neighbours.older
            ? `<a rel="prev" href="${esc(neighbours.older.url)}">← ${esc(neighbours.older.title)}</a>`
            : "<span></span>",
          neighbours.newer
            ? `<a rel="next" href="${esc(neighbours.newer.url)}">${esc(neighbours.newer.title)} →</a>`
            : "",
        ].join("")}</nav>`
      : "";
  return page(
    site,
    `${article.title} · ${site.title}`,
    [
      article.summary ? `<meta name="description" content="${esc(article.summary)}">` : "",
      `<link rel="canonical" href="${esc(canonical)}">`,
      openGraph(site, article, canonical),
      articleJsonLd(site, article, canonical),
      discoveryLinks([feeds]),
    ]
      .filter(Boolean)
      .join("\n"),
    `<header><a href="${esc(site.baseUrl)}">${esc(site.title)}</a></header>
<article>
<h1>${esc(article.title)}</h1>
<p class="meta">${meta}</p>
${updated}${image}${article.contentHtml}
${source}
</article>${pager}`,
  );
}

export interface IndexContent {
  latest: readonly { article: Article; link: string }[];
  main: FeedLinks;
  /** Every category feed, listed in the subscribe section. */
  categories: readonly FeedLinks[];
  /** The category feeds also advertised in `<head>` (a browser or reader lists every one it finds). */
  discovered: readonly FeedLinks[];
  archives: readonly ArchiveLinks[];
  opmlUrl: string;
}

/** One feed in the subscribe section: its address to copy, the other formats, one-click readers. */
function subscribeEntry(feed: FeedLinks, heading: string): string {
  const readers = READERS.map((r) => `<a href="${esc(r.url(feed.rss))}">${esc(r.name)}</a>`).join(" · ");
  return `<li><strong>${esc(heading)}</strong><br>
<code>${esc(feed.rss)}</code> <button type="button" data-copy="${esc(feed.rss)}" hidden>Copy</button><br>
<span class="meta">Also as <a href="${esc(feed.atom)}">Atom</a> · <a href="${esc(feed.json)}">JSON Feed</a> · open in ${readers}</span></li>`;
}

const INDEX_SUMMARY_LENGTH = 200;

/** The landing page: the latest articles, what a feed is and how to subscribe, and the archive. */
export function renderIndexPage(site: SiteInfo, content: IndexContent): string {
  const { latest, main, categories, discovered, archives, opmlUrl } = content;
  const items = latest
    .map(({ article, link }) => {
      const summary = article.summary
        ? `\n<p class="summary">${esc(truncateAtWord(article.summary, INDEX_SUMMARY_LENGTH))}</p>`
        : "";
      return `<li><a href="${esc(link)}">${esc(article.title)}</a> ${timeElement(article.published, site.timeZone)}${summary}</li>`;
    })
    .join("\n");
  const feedList = [
    subscribeEntry(main, "Everything"),
    ...categories.map((f) =>
      subscribeEntry(
        f,
        f.title.startsWith(`${site.title}: `) ? f.title.slice(site.title.length + 2) : f.title,
      ),
    ),
  ].join("\n");
  const archiveList = archives.length
    ? `\n<h2>Archive</h2>\n<ul>\n${[...archives]
        .reverse()
        .map(
          (a) =>
            `<li>${esc(a.label)}: <a href="${esc(a.rss)}">RSS</a> · <a href="${esc(a.atom)}">Atom</a></li>`,
        )
        .join("\n")}\n</ul>`
    : "";
  return page(
    site,
    site.title,
    // Category feeds are advertised in RSS only (every reader reads it): one entry each in a browser's
    // or reader's list of the page's feeds, which the three main formats lead.
    [
      discoveryLinks([main]),
      ...discovered.map(
        (f) =>
          `<link rel="alternate" type="application/rss+xml" title="${esc(f.title)}" href="${esc(f.rss)}">`,
      ),
    ].join("\n"),
    `<header><h1>${esc(site.title)}</h1><p>${esc(site.description)}</p></header>
<main>
<h2>Latest articles</h2>
<ul>
${items}
</ul>
<h2 id="subscribe">Subscribe</h2>
<p>A feed is a list of the latest articles that a feed reader (an app or website such as Feedly, Inoreader,
NetNewsWire or Thunderbird) checks for you, so new articles come to you without visiting this site. Copy a
feed's address into your reader, or open it directly in one of the readers below. Opening the address in a
browser shows raw XML: that is meant for the reader, not for you.</p>
<ul>
${feedList}
<li><a href="${esc(opmlUrl)}">All feeds as OPML</a> (import this file to subscribe to every feed at once)</li>
</ul>${archiveList}
</main>`,
    [COPY_SCRIPT],
  );
}
