import { mapLimit } from "../publish/concurrency.js";
import { atomProblems, opmlProblems, rssProblems, selfLink } from "./feed-structure.js";
import { jsonFeedProblems } from "./json-feed.js";
import { internalUrls, keyForUrl } from "./links.js";
import { parseXmlTree, type XmlElement } from "./xml-tree.js";

/** One published object as stored. */
export interface PublishedObject {
  body: Uint8Array;
  /** The stored Content-Type; undefined where the store keeps none (a folder). */
  contentType?: string;
}

/** A published site to check: a folder or an S3 prefix (see site-location.ts). Keys are relative. */
export interface PublishedSite {
  readonly location: string;
  list(): Promise<string[]>;
  read(key: string): Promise<PublishedObject>;
}

export type DocumentKind = "rss" | "atom" | "json-feed" | "opml" | "html" | "other";

export interface CheckProblem {
  key: string;
  problem: string;
}

export interface CheckReport {
  location: string;
  /** The URL the site's links are under: given, or read from the main feeds' self links. */
  baseUrl: string | undefined;
  documents: Partial<Record<DocumentKind, number>>;
  problems: CheckProblem[];
  /**
   * Links inside article content (feed content/summary, repeated on the article page) that go nowhere: the
   * source's own relative links, made absolute under baseUrl. Reported, but not a failed check.
   */
  warnings: CheckProblem[];
}

/** Media types registered for each kind (IANA; text/x-opml by convention), checked where a store keeps them. */
const MEDIA_TYPE: Partial<Record<DocumentKind, string>> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  "json-feed": "application/feed+json",
  opml: "text/x-opml",
  html: "text/html",
};

/** Documents every published site has (README: What is published). */
const REQUIRED = ["index.html", "rss.xml", "atom.xml", "feed.json", "feeds.opml"];

const READ_CONCURRENCY = 8;

/** Private state (`_state/`) and dotfiles are not part of the published site. */
const isPrivate = (key: string) =>
  key.split("/").some((part) => part.startsWith("_") || part.startsWith("."));

/**
 * Checks a published site the way the conformance tests do, with our own strict readers only: strict XML,
 * Atom/RSS/OPML structure, JSON Feed 1.1 fields, each feed's self link, every internal link resolving,
 * and stored content types. Every problem is collected; nothing stops at the first.
 */
export async function checkSite(
  site: PublishedSite,
  options: { baseUrl?: string } = {},
): Promise<CheckReport> {
  const keys = (await site.list()).filter((key) => !isPrivate(key)).sort();
  const published = new Set(keys);
  const problems: CheckProblem[] = REQUIRED.filter((key) => !published.has(key)).map((key) => ({
    key,
    problem: "missing: every published site has it",
  }));
  const baseUrl = options.baseUrl ?? (await baseUrlFromFeeds(site, published));
  if (baseUrl === undefined)
    problems.push({
      key: "atom.xml",
      problem: "no self link to learn the site's address from; links were not checked (give --base-url)",
    });

  const documents: Partial<Record<DocumentKind, number>> = {};
  const links = new Map<string, Set<string>>();
  const contentUrls = new Set<string>();
  await mapLimit(keys, READ_CONCURRENCY, async (key) => {
    let object: PublishedObject;
    try {
      object = await site.read(key);
    } catch (error) {
      problems.push({
        key,
        problem: `could not be read: ${error instanceof Error ? error.message : String(error)}`,
      });
      return;
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(object.body);
    } catch {
      problems.push({ key, problem: "not valid UTF-8" });
      return;
    }
    const { kind, problems: found, content } = checkDocument(key, text, baseUrl);
    if (baseUrl !== undefined) for (const url of internalUrls(content, baseUrl)) contentUrls.add(url);
    documents[kind] = (documents[kind] ?? 0) + 1;
    problems.push(...found.map((problem) => ({ key, problem })));
    const mediaType = MEDIA_TYPE[kind];
    if (object.contentType !== undefined && mediaType !== undefined) {
      const problem = contentTypeProblem(object.contentType, mediaType);
      if (problem) problems.push({ key, problem });
    }
    if (baseUrl !== undefined && kind !== "other")
      for (const url of internalUrls(text, baseUrl)) {
        const target = keyForUrl(url, baseUrl);
        if (!published.has(target)) links.set(url, (links.get(url) ?? new Set()).add(key));
      }
  });
  const warnings: CheckProblem[] = [];
  for (const [url, from] of links) {
    if (contentUrls.has(url)) {
      // One line per URL: the same article content is repeated in every feed and archive that carries it.
      const [first = ""] = [...from].sort();
      const others = from.size > 1 ? ` (and ${from.size - 1} other documents)` : "";
      warnings.push({
        key: first,
        problem: `article content links to ${url}, which is not published${others}`,
      });
    } else for (const key of from) problems.push({ key, problem: `links to ${url}, which is not published` });
  }
  return {
    location: site.location,
    baseUrl,
    documents,
    problems: sorted(problems),
    warnings: sorted(warnings),
  };
}

const sorted = (list: CheckProblem[]) =>
  list.sort((a, b) => (a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.problem < b.problem ? -1 : 1));

/** Elements of feeds that hold article content (markup from the source), not the site's own links. */
const CONTENT_ELEMENTS = new Set(["content", "summary", "description", "encoded"]);
const CONTENT_MEMBERS = ["content_html", "content_text", "summary"] as const;

function contentOf(root: XmlElement): string {
  const parts: string[] = [];
  const walk = (element: XmlElement) => {
    if (CONTENT_ELEMENTS.has(element.name)) parts.push(element.text);
    element.children.forEach(walk);
  };
  walk(root);
  return parts.join("\n");
}

function jsonContentOf(text: string): string {
  try {
    const items = (JSON.parse(text) as { items?: Record<string, unknown>[] }).items ?? [];
    return items.flatMap((item) => CONTENT_MEMBERS.map((member) => String(item[member] ?? ""))).join("\n");
  } catch {
    return "";
  }
}

/** What kind of document `key` is, what is wrong with it, and its article content (for link triage). */
export function checkDocument(
  key: string,
  text: string,
  baseUrl: string | undefined,
): { kind: DocumentKind; problems: string[]; content: string } {
  if (key.endsWith(".html"))
    return {
      kind: "html",
      problems: /<!doctype html>/i.test(text.slice(0, 200)) ? [] : ["no <!doctype html>"],
      content: "",
    };
  if (key.endsWith(".json"))
    return { kind: "json-feed", problems: jsonFeedProblems(text), content: jsonContentOf(text) };
  if (!key.endsWith(".xml") && !key.endsWith(".opml")) return { kind: "other", problems: [], content: "" };
  const tree = parseXmlTree(text);
  if (!tree.ok)
    return {
      kind: key.endsWith(".opml") ? "opml" : "rss",
      problems: [`not well-formed XML: ${tree.problem}`],
      content: "",
    };
  const root = tree.root;
  const kind: DocumentKind = root.name === "feed" ? "atom" : root.name === "opml" ? "opml" : "rss";
  const problems =
    kind === "atom" ? atomProblems(root) : kind === "opml" ? opmlProblems(root) : rssProblems(root);
  if (kind !== "opml" && baseUrl !== undefined) {
    const self = selfLink(root);
    if (self === undefined) problems.push('no atom:link rel="self"');
    else if (self !== baseUrl + key)
      problems.push(`self link is ${self}, but the document is served at ${baseUrl + key}`);
  }
  return { kind, problems, content: contentOf(root) };
}

function contentTypeProblem(contentType: string, mediaType: string): string | undefined {
  const [type = "", ...parameters] = contentType.split(";").map((part) => part.trim().toLowerCase());
  if (type !== mediaType) return `stored with Content-Type ${contentType}, expected ${mediaType}`;
  const charset = parameters.find((parameter) => parameter.startsWith("charset="));
  if (charset !== undefined && charset.replace(/"/g, "") !== "charset=utf-8")
    return `stored with Content-Type ${contentType}: the documents are UTF-8`;
  return undefined;
}

/** The site's base URL, from the main Atom (or RSS) feed's self link: `<base>atom.xml`. */
async function baseUrlFromFeeds(site: PublishedSite, published: Set<string>): Promise<string | undefined> {
  for (const key of ["atom.xml", "rss.xml"]) {
    if (!published.has(key)) continue;
    try {
      const tree = parseXmlTree(new TextDecoder().decode((await site.read(key)).body));
      const self = tree.ok ? selfLink(tree.root) : undefined;
      if (self?.endsWith(`/${key}`)) return self.slice(0, -key.length);
    } catch {
      // Reported when the document itself is checked.
    }
  }
  return undefined;
}
