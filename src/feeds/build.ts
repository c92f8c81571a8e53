import { Feed, type Item } from "feed";
import { imageParagraph } from "../markup/image.js";
import { escapeHtml, escapeHtmlText, stripXmlForbidden } from "../markup/xml-safe.js";
import type { FeedItem, FeedSpec } from "./feed-spec.js";
import { dateOf, feedUpdated, itemContentHtml } from "./feed-spec.js";
import {
  DC_NAMESPACE,
  rssTitlePlaceholder,
  withChannelAuthor,
  withChannelTitle,
  withEntryLanguages,
  withHistory,
  withRssItemTitles,
} from "./feed6-edits.js";

export { rssTitleText } from "./feed6-edits.js";

const GENERATOR = "feed-publisher";

/** Adds an image (known only as a URL) above the body, where every reader shows it. */
function contentWithImage(item: FeedItem): string {
  const { image, title } = item.article;
  const img = image ? imageParagraph(image, title) : "";
  return stripXmlForbidden(img + itemContentHtml(item));
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

/** Where feed@6's first item or entry starts: everything above it is the small channel or feed head. */
function firstChild(xml: string, tag: "<item>" | "<entry>"): number {
  const at = xml.indexOf(tag);
  return at < 0 ? xml.length : at;
}

export function renderRss(spec: FeedSpec): string {
  const xml = toFeed(spec, "rss").rss2();
  const at = firstChild(xml, "<item>");
  let head = withChannelAuthor(withChannelTitle(xml.slice(0, at), spec), spec.author);
  // feed@6 declares xmlns:dc only alongside content:encoded, which it omits for an empty body; our
  // dc:creator (always in the head) needs it either way.
  const root = /<rss [^>]*>/.exec(head)?.[0] ?? "";
  if (head.includes("<dc:") && !root.includes("xmlns:dc="))
    head = head.replace("<rss ", () => `<rss xmlns:dc="${DC_NAMESPACE}" `);
  // The edits above touch only the head; the items (nearly all the bytes) are copied once, by this join.
  return [withHistory(head, spec, "rss"), ...withRssItemTitles(xml, at, spec), "\n"].join("");
}

export function renderAtom(spec: FeedSpec): string {
  const xml = toFeed(spec, "atom").atom1();
  const at = firstChild(xml, "<entry>");
  // feed@6 writes no xml:lang on Atom; readers use it to pick fonts and hyphenation.
  const head = xml
    .slice(0, at)
    .replace(
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      () => `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(spec.language)}">`,
    );
  return [withHistory(head, spec, "atom"), ...withEntryLanguages(xml, at, spec), "\n"].join("");
}
