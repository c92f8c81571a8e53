import { imageParagraph } from "../markup/image.js";
import { type FeedSpec, itemContentHtml } from "./feed-spec.js";

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), written by hand: `feed@6` only emits version 1.0
 * (singular `author`, no `language`, no `authors`).
 */
export function renderJsonFeed(spec: FeedSpec): string {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: spec.title,
    home_page_url: spec.homeUrl,
    feed_url: spec.urls.json,
    description: spec.description,
    language: spec.language,
    authors: [{ name: spec.author.name, ...(spec.author.url ? { url: spec.author.url } : {}) }],
    ...(spec.hubs.length ? { hubs: spec.hubs.map((url) => ({ type: "WebSub", url })) } : {}),
    items: spec.items.map((item) => {
      const { article, link } = item;
      const contentHtml = itemContentHtml(item);
      return {
        id: article.id,
        url: link,
        title: article.title,
        content_html: article.image
          ? imageParagraph(article.image, article.title) + contentHtml
          : contentHtml,
        ...(article.summary ? { summary: article.summary } : {}),
        ...(article.image ? { image: article.image } : {}),
        // An undated article (docs/reading.md) has no publication date to give; JSON Feed allows none.
        ...(article.undated ? {} : { date_published: article.published }),
        ...(article.language ? { language: article.language } : {}),
        ...(article.updated ? { date_modified: article.updated } : {}),
        ...(article.author ? { authors: [{ name: article.author }] } : {}),
        ...(article.categories.length ? { tags: article.categories } : {}),
      };
    }),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
