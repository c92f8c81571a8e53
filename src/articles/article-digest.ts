import { sha256Hex } from "../publish/hash.js";
import type { Article } from "./article.js";
import { bodyHashOf, HEAD_FIELDS } from "./article-body.js";

const META_FIELDS = Object.keys({ views: true } satisfies Record<
  keyof Article["meta"],
  true
>) as (keyof Article["meta"])[];

/** Articles are immutable plain data (derived ones are copies), so an object's digest never goes stale. */
const digests = new WeakMap<Article, string>();

/**
 * SHA-256 of every field of the article, computed once per article object. Document input digests
 * carry this instead of the article itself (issue 8): hashing whole bodies once per document that lists
 * them cost half a no-change run. The body enters through its content address (article-body.ts), so an
 * article whose body is stored apart is digested without loading it. Fixed field order, so key order of
 * the object never matters.
 */
export function articleDigest(article: Article): string {
  let digest = digests.get(article);
  if (digest === undefined) {
    const fields: unknown[] = HEAD_FIELDS.map((field) =>
      field === "meta" ? META_FIELDS.map((m) => article.meta[m]) : article[field],
    );
    fields.push(bodyHashOf(article));
    digest = sha256Hex(JSON.stringify(fields));
    digests.set(article, digest);
  }
  return digest;
}

/**
 * Whether a value met while digesting a document's inputs is an Article (the only objects inputs carry
 * with a slug, a body and categories), so it can be replaced by its digest. (`in`, not a read: a body
 * stored apart is not loaded to tell.)
 */
export function isArticle(value: unknown): value is Article {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<Record<keyof Article, unknown>>;
  return (
    "contentHtml" in v &&
    typeof v.slug === "string" &&
    typeof v.key === "string" &&
    typeof v.id === "string" &&
    Array.isArray(v.categories)
  );
}
