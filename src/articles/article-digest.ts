import { sha256Hex } from "../publish/hash.js";
import type { Article } from "./article.js";

/**
 * Every field of an Article, in a fixed order. `satisfies` makes adding a field to the schema a type
 * error here until it is listed, so no field a renderer can read is ever left out of the digest.
 */
const ARTICLE_FIELDS = Object.keys({
  key: true,
  id: true,
  slug: true,
  url: true,
  title: true,
  published: true,
  updated: true,
  undated: true,
  language: true,
  author: true,
  categories: true,
  summary: true,
  contentHtml: true,
  image: true,
  meta: true,
} satisfies Record<keyof Article, true>) as (keyof Article)[];

const META_FIELDS = Object.keys({ views: true } satisfies Record<
  keyof Article["meta"],
  true
>) as (keyof Article["meta"])[];

/** Articles are immutable plain data (derived ones are copies), so an object's digest never goes stale. */
const digests = new WeakMap<Article, string>();

/**
 * SHA-256 of every field of the article, computed once per article object. Document input digests
 * carry this instead of the article itself (issue 8): hashing whole bodies once per document that lists
 * them cost half a no-change run. Fixed field order, so key order of the object never matters.
 */
export function articleDigest(article: Article): string {
  let digest = digests.get(article);
  if (digest === undefined) {
    const fields: unknown[] = ARTICLE_FIELDS.map((field) =>
      field === "meta" ? META_FIELDS.map((m) => article.meta[m]) : article[field],
    );
    digest = sha256Hex(JSON.stringify(fields));
    digests.set(article, digest);
  }
  return digest;
}

/**
 * Whether a value met while digesting a document's inputs is an Article (the only objects inputs carry
 * with a slug, a body and categories), so it can be replaced by its digest.
 */
export function isArticle(value: unknown): value is Article {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<Record<keyof Article, unknown>>;
  return (
    typeof v.contentHtml === "string" &&
    typeof v.slug === "string" &&
    typeof v.key === "string" &&
    typeof v.id === "string" &&
    Array.isArray(v.categories)
  );
}
