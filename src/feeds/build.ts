import { Feed, type Item } from "feed";
import { imageParagraph } from "../markup/image.js";
import { escapeHtml, escapeHtmlText, stripXmlForbidden } from "../markup/xml-safe.js";
import type { FeedItem, FeedSpec } from "./feed-spec.js";
import { dateOf, feedUpdated } from "./feed-spec.js";

const GENERATOR = "feed-publisher";

/** Adds an image (known only as a URL) above the body, where every reader shows it. */
function contentWithImage(item: FeedItem): string {
  const { image, contentHtml, title } = item.article;
  const img = image ? imageParagraph(image, title) : "";
  return stripXmlForbidden(img + contentHtml);
}

/**
 * `feed@6` is wrapped rather than used directly because of faults in it that produce invalid or
 * non-deterministic documents: CDATA sections break on a second `]]>` (xml-js replaces only the first), `updated`/`lastBuildDate` default to the clock (we always pass the newest
 * article date), control characters pass straight through (we strip them), Atom titles are typed html
 * (we escape plain-text titles), Atom categories lose `term` unless given (we pass it), and an Atom id that
 * is not a URL throws (our ids are URNs, which parse as URLs).
 */
function toFeed(spec: FeedSpec, format: "rss" | "atom"): Feed {
  const updated = new Date(feedUpdated(spec.items));
  const feed = new Feed({
    id: spec.urls.atom,
    title: format === "rss" ? rssTitlePlaceholder("channel") : stripXmlForbidden(spec.title),
    description: stripXmlForbidden(spec.description),
    link: spec.homeUrl,
    language: spec.language,
    updated,
    generator: GENERATOR,
    feedLinks: { rss: spec.urls.rss, atom: spec.urls.atom },
    ...(spec.hubs[0] ? { hub: spec.hubs[0] } : {}),
    author: {
      name: stripXmlForbidden(spec.author.name),
      ...(spec.author.email ? { email: spec.author.email } : {}),
      ...(spec.author.url ? { link: spec.author.url } : {}),
    },
  });
  for (const [index, item] of spec.items.entries()) {
    const { article } = item;
    const title = stripXmlForbidden(article.title);
    const author = article.author ? stripXmlForbidden(article.author) : undefined;
    const entry = {
      // Atom's <title type="html"> is HTML by definition, so the plain text is escaped once. RSS titles are
      // written by renderRss in place of a placeholder (see rssTitleText).
      title: format === "atom" ? escapeHtmlText(title) : rssTitlePlaceholder(index),
      id: article.id,
      link: item.link,
      // An undated article (docs/reading.md) carries no publication date: no RSS pubDate, no Atom
      // <published>; Atom's required <updated> is the time the publisher first saw it.
      ...(article.undated
        ? format === "atom"
          ? { date: dateOf(article.published, article.key) }
          : {}
        : {
            date: dateOf(article.updated ?? article.published, article.key),
            published: dateOf(article.published, article.key),
          }),
      content: contentWithImage(item),
      category: article.categories.map((name) => ({
        name: stripXmlForbidden(name),
        term: stripXmlForbidden(name),
      })),
    } as Item;
    if (article.summary) entry.description = escapeHtml(stripXmlForbidden(article.summary));
    if (author) {
      // RSS <author> must be an email address; a name alone goes in dc:creator.
      if (format === "atom") entry.author = [{ name: author }];
      else entry.extensions = [{ name: "dc:creator", objects: { _text: author } }];
    }
    feed.addItem(entry);
  }
  return feed;
}

const FH_NAMESPACE = "http://purl.org/syndication/history/1.0";

/**
 * feed@6 writes no links but self, alternate and hub, so RFC 5005 history links are inserted after its
 * self link, an anchor whose exact text feed@6 always produces (the strict re-parse before every write
 * and the golden files catch any change in that output).
 */
function withHistory(xml: string, spec: FeedSpec, format: "rss" | "atom"): string {
  const history = spec.history;
  if (!history) return xml;
  const anchor =
    format === "atom" ? /<link rel="self" href="[^"]*"\/>/ : /<atom:link href="[^"]*" rel="self"[^>]*\/>/;
  const match = anchor.exec(xml);
  if (!match) throw new Error(`feed@6 output changed: no self link to anchor history links (${format})`);
  const at = match.index;
  const end = at + match[0].length;
  const indent = xml.slice(xml.lastIndexOf("\n", at) + 1, at);
  const lines = history.links.map(({ rel, urls }) =>
    format === "atom"
      ? `<link rel="${rel}" href="${escapeHtml(urls.atom)}"/>`
      : `<atom:link href="${escapeHtml(urls.rss)}" rel="${rel}" type="application/rss+xml"/>`,
  );
  if (history.archive) lines.push("<fh:archive/>");
  else if (history.complete) lines.push("<fh:complete/>");
  const withLinks = xml.slice(0, end) + lines.map((line) => `\n${indent}${line}`).join("") + xml.slice(end);
  const root = format === "atom" ? "<feed " : "<rss ";
  return history.archive || history.complete
    ? withLinks.replace(root, `${root}xmlns:fh="${FH_NAMESPACE}" `)
    : withLinks;
}

const DC_NAMESPACE = "http://purl.org/dc/elements/1.1/";

/**
 * A token feed@6 writes where an RSS title goes (in CDATA for items, as text for the channel); renderRss
 * replaces each whole element, so the token never reaches a reader. It cannot clash with a real title:
 * every title in the document is a token.
 */
const rssTitlePlaceholder = (which: number | "channel") => `feed-publisher-title-${which}`;

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

/**
 * Puts the real titles where feed@6 wrote the placeholders. Items are written in order, so each title is
 * found by a search that starts where the last one ended and the document is copied once, in pieces,
 * rather than scanned by a regular expression and copied per replacement.
 */
function withRssTitles(xml: string, spec: FeedSpec): string {
  const parts: string[] = [];
  let from = 0;
  const replace = (placeholder: string, title: string) => {
    const at = xml.indexOf(placeholder, from);
    if (at < 0) throw new Error("feed@6 output changed: RSS titles not found");
    parts.push(xml.slice(from, at), `<title>${rssTitleText(title)}</title>`);
    from = at + placeholder.length;
  };
  replace(`<title>${rssTitlePlaceholder("channel")}</title>`, spec.title);
  for (const [index, { article }] of spec.items.entries())
    replace(`<title><![CDATA[${rssTitlePlaceholder(index)}]]></title>`, article.title);
  parts.push(xml.slice(from));
  return parts.join("");
}

/**
 * The channel's author, which feed@6 writes only as iTunes/Google Play podcast tags that general readers
 * ignore: `dc:creator` with the name (what feedparser reports as the feed's author), plus `managingEditor`
 * when there is an email, in the `email (name)` form RSS 2.0 requires
 * (https://www.rssboard.org/rss-profile#element-channel-managingeditor).
 */
function withChannelAuthor(xml: string, author: FeedSpec["author"]): string {
  const anchor = /\n( *)<generator>[^<]*<\/generator>/.exec(xml);
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
  return xml.slice(0, end) + lines.map((line) => `\n${indent}${line}`).join("") + xml.slice(end);
}

export function renderRss(spec: FeedSpec): string {
  let xml = withChannelAuthor(withRssTitles(toFeed(spec, "rss").rss2(), spec), spec.author);
  // feed@6 declares xmlns:dc only alongside content:encoded, which it omits for an empty body; our
  // dc:creator needs it either way.
  const root = /<rss [^>]*>/.exec(xml)?.[0] ?? "";
  if (xml.includes("<dc:") && !root.includes("xmlns:dc="))
    xml = xml.replace("<rss ", `<rss xmlns:dc="${DC_NAMESPACE}" `);
  return `${withHistory(xml, spec, "rss")}\n`;
}

export function renderAtom(spec: FeedSpec): string {
  // feed@6 writes no xml:lang on Atom; readers use it to pick fonts and hyphenation.
  const xml = toFeed(spec, "atom")
    .atom1()
    .replace(
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(spec.language)}">`,
    );
  return `${withHistory(withEntryLanguages(xml, spec), spec, "atom")}\n`;
}

/**
 * feed@6 writes no per-entry xml:lang; an article in another language than the feed's says so on its
 * <entry> (RFC 4287 section 2: xml:lang may appear on any element). Entries are written in item order.
 */
function withEntryLanguages(xml: string, spec: FeedSpec): string {
  if (!spec.items.some(({ article }) => article.language)) return xml;
  let index = 0;
  return xml.replace(/<entry>/g, (entry) => {
    const language = spec.items[index++]?.article.language;
    return language ? `<entry xml:lang="${escapeHtml(language)}">` : entry;
  });
}
