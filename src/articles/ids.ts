import { createHash } from "node:crypto";
import toSlug from "@sindresorhus/slugify";

/** Namespace for feed-publisher's name-based (v5) UUIDs; fixed forever so item ids never change. */
const NAMESPACE = "7f1c2a4e-5b0d-4f7a-9c3e-2d8b6a1f0e94";

/** RFC 9562 UUID version 5 (SHA-1, name-based): the same name always gives the same id. */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The item id of an article: its source's own id when that is already a URI, else a UUID URN from the key. */
export function articleId(key: string, sourceId?: string): string {
  if (sourceId !== undefined) {
    // Only printable ASCII is used as is: RSS writes the guid verbatim, so anything else is hashed.
    if (/^[a-z][a-z0-9+.-]*:[\x21-\x7e]+$/i.test(sourceId) && URL.canParse(sourceId)) return sourceId;
    return `urn:uuid:${uuidV5(`id:${sourceId}`)}`;
  }
  return `urn:uuid:${uuidV5(`key:${key}`)}`;
}

const MAX_SLUG = 80;

/**
 * ASCII, URL- and file-name-safe slug of any text, transliterated by @sindresorhus/slugify (Cyrillic,
 * Armenian and Latin accents become readable Latin: "Новости мира" → "novosti-mira"); empty when nothing
 * usable remains.
 */
export function slugify(text: string): string {
  return toSlug(text).slice(0, MAX_SLUG).replace(/-+$/, "");
}

/** The shape of a hashed slug: `<base>-<10 hex>` or `<10 hex>`. */
const HASHED_SLUG = /(^|-)[0-9a-f]{10}$/;

/**
 * Page slug for a source key. A clean `.txt` name at the top keeps its name (`000_835090aee9fb4387.txt` →
 * `000_835090aee9fb4387`); any other key (other extensions, folders, spaces, unicode, `../`, very long
 * names) gets a short hash of the whole key appended. A clean name shaped like a hashed slug
 * (`politics-x-3f2a9c0d1e.txt`) is hashed too, so it can never take over another article's page: the two
 * kinds of slug never meet, and two keys never share a slug. A slug depends on its own key only: adding
 * `a.json` never moves `a.txt`'s page.
 */
export function slugForKey(key: string): string {
  const stem = key.replace(/\.[^./]*$/, "");
  if (/^[a-z0-9_-]{1,80}\.txt$/.test(key) && !HASHED_SLUG.test(stem)) return stem;
  const hash = createHash("sha256").update(key, "utf8").digest("hex").slice(0, 10);
  const base = slugify(stem.replace(/[\\/]/g, "-"));
  return base ? `${base}-${hash}` : hash;
}
