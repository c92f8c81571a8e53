import { Feed, type Item } from "feed";
import type { FeedItem, FeedSpec } from "./feed-spec.js";
import { feedUpdated } from "./feed-spec.js";
import { escapeHtml, escapeHtmlText, stripXmlForbidden } from "./xml-safe.js";

const GENERATOR = "feed-publisher";

/** Adds an image (known only as a URL) above the body, where every reader shows it. */
function contentWithImage(item: FeedItem): string {
  const { image, contentHtml, title } = item.article;
  const img = image ? `<p><img src="${escapeHtml(image)}" alt="${escapeHtml(title)}"></p>\n` : "";
  return stripXmlForbidden(img + contentHtml);
}

/**
 * `feed@6` is wrapped rather than used directly because of faults in it that produce invalid or
 * non-deterministic documents: `updated`/`lastBuildDate` default to the clock (we always pass the newest
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
    const entry: Item = {
      // Readers take RSS titles and Atom <title type="html"> as HTML: escape the plain text once.
      title: escapeHtmlText(title),
      id: article.id,
      link: item.link,
      date: new Date(article.updated ?? article.published),
      published: new Date(article.published),
      content: contentWithImage(item),
      category: article.categories.map((name) => ({
        name: stripXmlForbidden(name),
        term: stripXmlForbidden(name),
      })),
    };
    if (article.summary) entry.description = escapeHtml(stripXmlForbidden(article.summary));
    if (author) {
      // RSS <author> must be an email address; a name alone goes in dc:creator (the namespace is declared
      // by feed@6 whenever content:encoded is present, which is always).
      if (format === "atom") entry.author = [{ name: author }];
      else entry.extensions = [{ name: "dc:creator", objects: { _text: author } }];
    }
    feed.addItem(entry);
  }
  return feed;
}

export function renderRss(spec: FeedSpec): string {
  return `${toFeed(spec, "rss").rss2()}\n`;
}

export function renderAtom(spec: FeedSpec): string {
  // feed@6 writes no xml:lang on Atom; readers use it to pick fonts and hyphenation.
  const xml = toFeed(spec, "atom")
    .atom1()
    .replace(
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(spec.language)}">`,
    );
  return `${xml}\n`;
}
