import { type BodySlot, slotOf } from "../articles/article-body.js";
import { articleDigest, isArticle } from "../articles/article-digest.js";
import { compareStrings } from "../order.js";
import { sha256Hex } from "../publish/hash.js";

export type DocumentFormat = "xml" | "json" | "html";

export const CONTENT_TYPE = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
  html: "text/html; charset=utf-8",
  opml: "text/x-opml; charset=utf-8",
} as const;

/**
 * The order parts of the site are written in where their links form a cycle (see
 * publish/write-order.ts; elsewhere the declared links decide): pages before the feeds that list them,
 * feeds before the index and OPML that list them.
 */
export const STAGE = { articlePages: 0, archives: 1, categoryFeeds: 2, mainFeeds: 3, index: 4 } as const;

/**
 * Bump whenever a renderer's output changes for the same input, so documents skipped as "inputs
 * unchanged" are rendered again. test/site/input-digest.test.ts fails when golden files change
 * without a bump.
 */
export const RENDER_VERSION = 3;

/**
 * One kind of document (an RSS feed, an article page, …): how it is rendered from its inputs, how it is
 * served, and how it is checked before it is written. A planner chooses the key, the inputs and the
 * stage; everything else comes from the kind, so no document can be served with another kind's type or
 * skip its check.
 */
export interface DocumentKind<Inputs> {
  name: string;
  format: DocumentFormat;
  contentType: string;
  /** Which max-age applies: feeds and the index change with every article, pages rarely. */
  cache: "feed" | "page";
  /** Pure: the same inputs always render the same string. */
  render(inputs: Inputs): string;
  /** A strict re-parse of the rendered body; the problem, or undefined when it is sound (fail closed). */
  verify(body: string): string | undefined;
}

/** A document of the site, as the run sees it: what to write where, and what it depends on. */
export interface PlannedDocument {
  key: string;
  /** The kind's name, e.g. `rss` or `article-page`. */
  kind: string;
  /**
   * Rendered when read (and again on every read): a run renders, hashes and writes one document at a
   * time instead of holding a whole site in memory. Rendering is pure, so every read gives the same bytes.
   */
  readonly body: string;
  /**
   * Digest of the very inputs the body is rendered from (declared once, see planDocument), far cheaper
   * than rendering: a run skips documents whose inputs are unchanged since they were last stored.
   */
  readonly inputDigest: string;
  /** The stored article bodies the body is rendered from: loaded before it is read (article-bodies.ts). */
  readonly bodies: readonly BodySlot[];
  contentType: string;
  cacheControl: string;
  format: DocumentFormat;
  /** Tie-break in the write order when new documents link to each other in a cycle (see STAGE). */
  stage: number;
  /** The kind's check, run on the body before it is written. */
  verify(body: string): string | undefined;
  /** The URL WebSub hubs are told about when this document changes; only subscription feeds have one. */
  topic?: string;
  /** Keys of the site's own documents this one links to (for write ordering and dangling-link checks). */
  links: readonly string[];
}

/** Cache-Control values of a site, by the kind's cache policy. */
export interface CachePolicies {
  feed: string;
  page: string;
}

/**
 * JSON.stringify replacer: an article stands for its digest (which covers every field of it), so a
 * document listing hundreds of articles hashes hundreds of short digests, not their bodies (issue 8).
 * Everything else is small and serialised as is: inputs are built in a fixed field order, and a
 * different key order could only make a digest differ (a needless render), never match wrongly.
 */
const articlesAsDigests = (_key: string, value: unknown) =>
  isArticle(value) ? { article: articleDigest(value) } : value;

/** The body slots of every article found in a document's inputs (plain data: arrays and objects). */
function bodySlotsIn(value: unknown, found: Set<BodySlot>): Set<BodySlot> {
  if (Array.isArray(value)) for (const item of value) bodySlotsIn(item, found);
  else if (isArticle(value)) {
    const slot = slotOf(value);
    if (slot) found.add(slot);
  } else if (typeof value === "object" && value !== null)
    for (const item of Object.values(value)) bodySlotsIn(item, found);
  return found;
}

/**
 * A planned document of `kind` at `key`. `inputs` is the one argument of the kind's renderer and the one
 * thing digested, so equal digests mean equal bodies (for the same RENDER_VERSION) by construction.
 */
export function planDocument<Inputs>(
  kind: DocumentKind<Inputs>,
  key: string,
  inputs: Inputs,
  cache: CachePolicies,
  refs: { stage: number; links: readonly string[]; topic?: string },
): PlannedDocument {
  return new Planned(kind, key, inputs, cache, refs);
}

/**
 * A class, not an object literal with getters: a literal's getters are three closures per document, and a
 * site plans one document per article and more (heap snapshot, issue 8).
 */
class Planned<Inputs> implements PlannedDocument {
  readonly kind: string;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly format: DocumentFormat;
  readonly stage: number;
  readonly verify: (body: string) => string | undefined;
  declare readonly topic?: string;
  readonly links: readonly string[];
  readonly #kind: DocumentKind<Inputs>;
  readonly #inputs: Inputs;

  constructor(
    kind: DocumentKind<Inputs>,
    readonly key: string,
    inputs: Inputs,
    cache: CachePolicies,
    refs: { stage: number; links: readonly string[]; topic?: string },
  ) {
    this.#kind = kind;
    this.#inputs = inputs;
    this.kind = kind.name;
    this.contentType = kind.contentType;
    this.cacheControl = cache[kind.cache];
    this.format = kind.format;
    this.stage = refs.stage;
    this.verify = kind.verify;
    if (refs.topic) this.topic = refs.topic;
    this.links = [...new Set(refs.links)].filter((link) => link !== key).sort(compareStrings);
  }

  get body(): string {
    return this.#kind.render(this.#inputs);
  }

  get inputDigest(): string {
    return sha256Hex(JSON.stringify([RENDER_VERSION, this.kind, this.key, this.#inputs], articlesAsDigests));
  }

  get bodies(): readonly BodySlot[] {
    return [...bodySlotsIn(this.#inputs, new Set())];
  }
}
