import { byKey } from "../order.js";
import type { Article, ArticleError } from "./article.js";

/**
 * Two keys claiming the same item id would make readers merge or drop one of them, so the first key (in
 * key order) keeps the id and the others are rejected with a reason naming the key that holds it.
 * (Slugs cannot collide: `slugForKey` derives each from its own key.)
 */
export function dedupeArticles(articles: readonly Article[]): {
  articles: Article[];
  rejected: ArticleError[];
} {
  const inKeyOrder = [...articles].sort(byKey);
  const holders = new Map<string, string>();
  const kept: Article[] = [];
  const rejected: ArticleError[] = [];
  for (const article of inKeyOrder) {
    const holder = holders.get(article.id);
    if (holder === undefined) {
      holders.set(article.id, article.key);
      kept.push(article);
    } else
      rejected.push({ key: article.key, reason: `duplicate id ${article.id}: already used by ${holder}` });
  }
  return { articles: kept, rejected };
}
