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
    title: stripXmlForbidden(spec.title),
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
  for (const item of spec.items) {
    const { article } = item;
    const title = stripXmlForbidden(article.title);
    const author = article.author ? stripXmlForbidden(article.author) : undefined;
    const entry = {
      // Atom's <title type="html"> is HTML by definition, so the plain text is escaped once. RSS 2.0 leaves
      // a title's type unspecified; plain text, XML-escaped only, is what most publishers send and what
      // text-only readers (newsboat) show correctly (https://www.rssboard.org/rss-profile#data-types-characterdata).
      // feed@6 puts titles in CDATA through xml-js, which splits only the first `]]>`; a second one would
      // end the section early, so RSS titles spell `]]>` as `]]&gt;` (the HTML fields escape `>` anyway).
      title: format === "atom" ? escapeHtmlText(title) : title.replaceAll("]]>", "]]&gt;"),
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
  const withLinks = xml.slice(0, end) + lines.map((line) => `\n${indent}${line}`).join("") + xml.slice(end);
  const root = format === "atom" ? "<feed " : "<rss ";
  return history.archive ? withLinks.replace(root, `${root}xmlns:fh="${FH_NAMESPACE}" `) : withLinks;
}

const DC_NAMESPACE = "http://purl.org/dc/elements/1.1/";

export function renderRss(spec: FeedSpec): string {
  let xml = toFeed(spec, "rss").rss2();
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
