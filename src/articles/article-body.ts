import { sha256Hex } from "../publish/hash.js";
import type { Article } from "./article.js";

/**
 * An article is split in two for the run state (issue 8): the head (every field a planner reads: ids,
 * dates, title, categories, small extras) and the body (the sanitised HTML and the summary, ~95% of its
 * bytes). Heads of every article are loaded to plan a site; bodies are loaded only for the documents that
 * must be rendered, so a run holds what it renders, not the whole site.
 */
export type ArticleBody = Pick<Article, "contentHtml" | "summary">;
export type ArticleHead = Omit<Article, "contentHtml" | "summary">;

/** The body fields; everything else is head. */
export const BODY_FIELDS = ["contentHtml", "summary"] as const satisfies readonly (keyof Article)[];

/** Content address of a body: the same text and summary always give the same hash. */
export const bodyHash = (body: ArticleBody): string =>
  sha256Hex(JSON.stringify([body.contentHtml, body.summary ?? null]));

/**
 * Where one stored body lives while a run holds it. Shared by every article object derived from the same
 * parsed article (a head with canonical categories, say), so a body is loaded at most once at a time.
 */
export class BodySlot {
  /** In memory, or undefined (evicted, or not loaded yet). */
  body: ArticleBody | undefined;
  /** Whether the body object is in the state store (else it must be written before a state names it). */
  stored: boolean;
  /** Documents being rendered from it right now: a pinned body is never evicted. */
  pins = 0;
  /** Its stored object was missing or corrupt: the article is read and parsed again next run. */
  lost = false;
  /** Per-body render cache (a feed's bounded copy of the article), dropped with the body. */
  derived: Map<unknown, unknown> | undefined;

  constructor(
    readonly hash: string,
    body: ArticleBody | undefined,
    stored: boolean,
  ) {
    this.body = body;
    this.stored = stored;
  }

  drop(): void {
    this.body = undefined;
    this.derived = undefined;
  }
}

/**
 * An Article whose body fields read its slot: planning never touches them, rendering loads the slot first
 * (the write step does, see publish/article-bodies.ts). Reading them unloaded is a bug, so it throws
 * rather than render an empty article. A class, with the getters on its prototype: per-object accessors
 * gave every article its own hidden class and two closures, ~1.5 KB each of a 100k-article run's heap
 * (heap snapshot, issue 8). A spread copy (`{ ...article }`) therefore has no body: use withHeadFields.
 */
class ArticleWithStoredBody {
  readonly #slot: BodySlot;

  constructor(head: ArticleHead, slot: BodySlot) {
    Object.assign(this, head);
    this.#slot = slot;
  }

  static slotOf(article: object): BodySlot | undefined {
    return #slot in article ? (article as ArticleWithStoredBody).#slot : undefined;
  }

  #body(): ArticleBody {
    const body = this.#slot.body;
    if (!body)
      throw new Error(`the body of ${(this as unknown as Article).key} was read before it was loaded`);
    return body;
  }

  get contentHtml(): string {
    return this.#body().contentHtml;
  }

  get summary(): string | undefined {
    return this.#body().summary;
  }
}

/** The slot of an article whose body is stored apart; undefined for a plain (whole) article. */
export const slotOf = (article: Article): BodySlot | undefined => ArticleWithStoredBody.slotOf(article);

export function articleWithBody(head: ArticleHead, slot: BodySlot): Article {
  return new ArticleWithStoredBody(head, slot) as unknown as Article;
}

/** A plain object with every field, the body read from its slot (it must be loaded). */
export function wholeArticle(article: Article): Article {
  const { contentHtml, summary } = article;
  return { ...headOf(article), contentHtml, ...(summary !== undefined ? { summary } : {}) };
}

/** A parsed (whole) article as one with a slot holding its body, not stored yet. */
export function withBodySlot(article: Article): Article {
  if (slotOf(article)) return article;
  const body: ArticleBody = {
    contentHtml: article.contentHtml,
    ...(article.summary !== undefined ? { summary: article.summary } : {}),
  };
  return articleWithBody(flatHeadOf(article), new BodySlot(bodyHash(body), body, false));
}

/**
 * The head with every string copied out of the page it was read from. A title cut from a page is, in
 * V8, a slice that keeps the whole page text alive: measured 3.4 KB held per 5.5 KB article against
 * 0.6 KB for a copy, which at 100k articles is the difference between fitting a 1 GB Lambda and not. A
 * JSON round trip is the one copy that reaches every nested string (categories, meta).
 */
const flatHeadOf = (article: Article): ArticleHead => JSON.parse(JSON.stringify(headOf(article)));

/**
 * Every head field, in a fixed order (the order of the schema). `satisfies` makes a new Article field a
 * type error here until it is listed, so no field is ever dropped from the state.
 */
export const HEAD_FIELDS = Object.keys({
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
  image: true,
  meta: true,
} satisfies Record<keyof ArticleHead, true>) as (keyof ArticleHead)[];

/** The head fields of an article in HEAD_FIELDS order (so equal heads encode to equal bytes), body unread. */
export function headOf(article: Article): ArticleHead {
  const head: Record<string, unknown> = {};
  for (const name of HEAD_FIELDS) if (article[name] !== undefined) head[name] = article[name];
  return head as ArticleHead;
}

/** The content address of an article's body, without loading it when it is stored apart. */
export const bodyHashOf = (article: Article): string => slotOf(article)?.hash ?? bodyHash(article);

/** A copy with some head fields replaced, keeping the body where it is (no load). */
export function withHeadFields(article: Article, fields: Partial<ArticleHead>): Article {
  const slot = slotOf(article);
  return slot ? articleWithBody({ ...headOf(article), ...fields }, slot) : { ...article, ...fields };
}
