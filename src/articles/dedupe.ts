import { byKey } from "../order.js";
import type { Article, ArticleError } from "./article.js";

/**
 * Two keys claiming the same item id would make readers merge or drop one of them, so the first key (in
 * key order) keeps the id and the others are rejected with a reason naming the key that holds it. Slugs
 * are collision-free by construction (`slugForKey`), but one cached by an older version may not be: a
 * second claim on a page is rejected the same way rather than let two articles take turns on it.
 */
export function dedupeArticles(articles: readonly Article[]): {
  articles: Article[];
  rejected: ArticleError[];
} {
  const inKeyOrder = [...articles].sort(byKey);
  const holders = new Map<string, string>();
  const pages = new Map<string, string>();
  const kept: Article[] = [];
  const rejected: ArticleError[] = [];
  for (const article of inKeyOrder) {
    const holder = holders.get(article.id);
    const pageHolder = pages.get(article.slug);
    if (holder !== undefined)
      rejected.push({ key: article.key, reason: `duplicate id ${article.id}: already used by ${holder}` });
    else if (pageHolder !== undefined)
      rejected.push({
        key: article.key,
        reason: `page articles/${article.slug}.html is already used by ${pageHolder}; rename the file`,
      });
    else {
      holders.set(article.id, article.key);
      pages.set(article.slug, article.key);
      kept.push(article);
    }
  }
  return { articles: kept, rejected };
}
