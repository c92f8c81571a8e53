import { escapeHtml, escapeHtmlText, stripXmlForbidden } from "../markup/xml-safe.js";
import type { FeedSpec } from "./feed-spec.js";

/**
 * What src/feeds/build.ts adds to or replaces in feed@6's output, where feed@6 offers no option for it.
 * Edits of the channel or feed head work on the head alone (a few hundred bytes); edits of items walk
 * the rest forward once and return its pieces, so a 1,000-item feed is never scanned by a regular
 * expression or copied per edit (issue 8). The strict re-parse before every write and the golden files
 * catch any change in feed@6's output that these anchors rely on.
 */

const FH_NAMESPACE = "http://purl.org/syndication/history/1.0";
export const DC_NAMESPACE = "http://purl.org/dc/elements/1.1/";

/**
 * feed@6 writes no links but self, alternate and hub, so RFC 5005 history links are inserted after its
 * self link, an anchor whose exact text feed@6 always produces.
 */
export function withHistory(head: string, spec: FeedSpec, format: "rss" | "atom"): string {
  const history = spec.history;
  if (!history) return head;
  const anchor =
    format === "atom" ? /<link rel="self" href="[^"]*"\/>/ : /<atom:link href="[^"]*" rel="self"[^>]*\/>/;
  const match = anchor.exec(head);
  if (!match) throw new Error(`feed@6 output changed: no self link to anchor history links (${format})`);
  const at = match.index;
  const end = at + match[0].length;
  const indent = head.slice(head.lastIndexOf("\n", at) + 1, at);
  const lines = history.links.map(({ rel, urls }) =>
    format === "atom"
      ? `<link rel="${rel}" href="${escapeHtml(urls.atom)}"/>`
      : `<atom:link href="${escapeHtml(urls.rss)}" rel="${rel}" type="application/rss+xml"/>`,
  );
  if (history.archive) lines.push("<fh:archive/>");
  else if (history.complete) lines.push("<fh:complete/>");
  const withLinks = head.slice(0, end) + lines.map((line) => `\n${indent}${line}`).join("") + head.slice(end);
  const root = format === "atom" ? "<feed " : "<rss ";
  return history.archive || history.complete
    ? withLinks.replace(root, `${root}xmlns:fh="${FH_NAMESPACE}" `)
    : withLinks;
}

/**
 * A token feed@6 writes where an RSS title goes (in CDATA for items, as text for the channel); renderRss
 * replaces each whole element, so the token never reaches a reader. It cannot clash with a real title:
 * every title in the document is a token.
 */
export const rssTitlePlaceholder = (which: number | "channel") => `feed-publisher-title-${which}`;

/**
 * Plain text as RSS character data, the way the RSS Advisory Board profile and the W3C feed validator ask
 * (https://www.rssboard.org/rss-profile#data-types-characterdata): `&` and `<` as hexadecimal character
 * references, which no reader mistakes for markup, and `>` escaped so `]]>` reaches readers as `]]>`.
 * feed@6 would put item titles in CDATA, which the validator flags (`ContainsHTML`) and whose `]]>` it
 * cannot split correctly. U+FFFD and private-use characters are valid XML and are kept: they are what the
 * source holds (see docs/failures.md).
 */
export function rssTitleText(text: string): string {
  return stripXmlForbidden(text).replace(/[&<>]/g, (c) =>
    c === "&" ? "&#x26;" : c === "<" ? "&#x3C;" : "&gt;",
  );
}

export function withChannelTitle(head: string, spec: FeedSpec): string {
  const placeholder = `<title>${rssTitlePlaceholder("channel")}</title>`;
  const at = head.indexOf(placeholder);
  if (at < 0) throw new Error("feed@6 output changed: RSS channel title not found");
  return `${head.slice(0, at)}<title>${rssTitleText(spec.title)}</title>${head.slice(at + placeholder.length)}`;
}

/** The items of `xml` from `from` on, in pieces, each title placeholder replaced by the item's title. */
export function withRssItemTitles(xml: string, from: number, spec: FeedSpec): string[] {
  return spliced(
    xml,
    from,
    spec,
    (index) => `<title><![CDATA[${rssTitlePlaceholder(index)}]]></title>`,
    ({ article }) => `<title>${rssTitleText(article.title)}</title>`,
  );
}

/**
 * feed@6 writes no per-entry xml:lang; an article in another language than the feed's says so on its
 * <entry> (RFC 4287 section 2: xml:lang may appear on any element).
 */
export function withEntryLanguages(xml: string, from: number, spec: FeedSpec): string[] {
  if (!spec.items.some(({ article }) => article.language)) return [xml.slice(from)];
  return spliced(
    xml,
    from,
    spec,
    () => "<entry>",
    ({ article }) => (article.language ? `<entry xml:lang="${escapeHtml(article.language)}">` : "<entry>"),
  );
}

/** feed@6 writes items in order: each item's anchor is searched for where the previous one ended. */
function spliced(
  xml: string,
  from: number,
  spec: FeedSpec,
  anchor: (index: number) => string,
  replacement: (item: FeedSpec["items"][number]) => string,
): string[] {
  const parts: string[] = [];
  let at = from;
  for (const [index, item] of spec.items.entries()) {
    const text = anchor(index);
    const found = xml.indexOf(text, at);
    if (found < 0) throw new Error(`feed@6 output changed: item ${index} has no ${text}`);
    parts.push(xml.slice(at, found), replacement(item));
    at = found + text.length;
  }
  parts.push(xml.slice(at));
  return parts;
}

/**
 * The channel's author, which feed@6 writes only as iTunes/Google Play podcast tags that general readers
 * ignore: `dc:creator` with the name (what feedparser reports as the feed's author), plus `managingEditor`
 * when there is an email, in the `email (name)` form RSS 2.0 requires
 * (https://www.rssboard.org/rss-profile#element-channel-managingeditor).
 */
export function withChannelAuthor(head: string, author: FeedSpec["author"]): string {
  const anchor = /\n( *)<generator>[^<]*<\/generator>/.exec(head);
  if (!anchor) throw new Error("feed@6 output changed: no <generator> to anchor the channel author");
  const indent = anchor[1] ?? "";
  const name = escapeHtmlText(stripXmlForbidden(author.name));
  // dc:creator first: feedparser misreads a managingEditor's `email (name)` on its own or first (it
  // reported the name as "ple (Desk"), and takes the name from dc:creator when that comes first.
  const lines = [
    `<dc:creator>${name}</dc:creator>`,
    ...(author.email
      ? [
          `<managingEditor>${escapeHtmlText(`${author.email} (${stripXmlForbidden(author.name)})`)}</managingEditor>`,
        ]
      : []),
  ];
  const end = anchor.index + anchor[0].length;
  return head.slice(0, end) + lines.map((line) => `\n${indent}${line}`).join("") + head.slice(end);
}
