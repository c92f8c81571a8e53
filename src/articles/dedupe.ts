import { createHash } from "node:crypto";
import type { Article, ArticleError } from "./article.js";

/**
 * Two keys claiming the same item id would make readers merge or drop one of them, so the first key (in
 * key order) keeps the id and the others are rejected with a reason naming the key that holds it. Two keys
 * with the same slug (`a.txt` and `a.md`) both publish: the later one's page gets a hash suffix.
 */
export function dedupeArticles(articles: readonly Article[]): {
  articles: Article[];
  rejected: ArticleError[];
} {
  const byKey = [...articles].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const ids = new Map<string, string>();
  const slugs = new Set<string>();
  const kept: Article[] = [];
  const rejected: ArticleError[] = [];
  for (const article of byKey) {
    const holder = ids.get(article.id);
    if (holder !== undefined) {
      rejected.push({ key: article.key, reason: `duplicate id ${article.id}: already used by ${holder}` });
      continue;
    }
    ids.set(article.id, article.key);
    let slug = article.slug;
    if (slugs.has(slug))
      slug = `${slug}-${createHash("sha256").update(article.key).digest("hex").slice(0, 10)}`;
    slugs.add(slug);
    kept.push(slug === article.slug ? article : { ...article, slug });
  }
  return { articles: kept, rejected };
}
