import { escapeHtml as esc } from "../markup/xml-safe.js";
import type { FeedLinks, SiteInfo } from "./pages.js";

/** OPML 2.0 (http://opml.org/spec2.opml) subscription list of every RSS feed, for one-click import. */
export function renderOpml(site: SiteInfo, feeds: readonly FeedLinks[], opmlUrl: string): string {
  const outlines = feeds
    .map(
      (f) =>
        `    <outline type="rss" text="${esc(f.title)}" title="${esc(f.title)}" xmlUrl="${esc(f.rss)}" htmlUrl="${esc(site.baseUrl)}"/>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head>
    <title>${esc(site.title)}</title>
    <docs>http://opml.org/spec2.opml</docs>
    <ownerName>${esc(site.title)}</ownerName>
    <urlPublic>${esc(opmlUrl)}</urlPublic>
  </head>
  <body>
${outlines}
  </body>
</opml>
`;
}
