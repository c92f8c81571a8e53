import { isRfc822, isRfc3339 } from "./dates.js";
import { childNamed, childrenNamed, type XmlElement } from "./xml-tree.js";

// Structure rules read from the specifications: RFC 4287 (Atom), RSS 2.0 (rssboard.org/rss-specification)
// and OPML 2.0. Only MUST-level rules and what readers rely on (ids, dates, self links); the full Atom
// schema is jing's job in the conformance tests.

export const ATOM_NS = "http://www.w3.org/2005/Atom";

const isAbsoluteUrl = (value: string | undefined): boolean =>
  value !== undefined && URL.canParse(value) && !/\s/.test(value);

const text = (element: XmlElement | undefined) => element?.text.trim() ?? "";

/** Problems of an Atom feed document (RFC 4287 §4.1.1, §4.1.2, §3.3), each naming where it is. */
export function atomProblems(feed: XmlElement): string[] {
  const problems: string[] = [];
  if (feed.uri !== ATOM_NS || feed.name !== "feed") return [`root element is not an Atom <feed>`];
  const exactlyOne = (element: XmlElement, name: string, where: string): XmlElement | undefined => {
    const found = childrenNamed(element, ATOM_NS, name);
    if (found.length !== 1) problems.push(`${where}: ${found.length} <${name}> elements, expected exactly 1`);
    return found[0];
  };
  const dateOf = (element: XmlElement, name: string, where: string) => {
    const date = exactlyOne(element, name, where);
    if (date && !isRfc3339(text(date)))
      problems.push(`${where}: <${name}> ${JSON.stringify(text(date))} is not an RFC 3339 date`);
  };
  const linksOf = (element: XmlElement, where: string) => {
    for (const link of childrenNamed(element, ATOM_NS, "link"))
      if (!link.attributes.href) problems.push(`${where}: <link> without href`);
  };
  const idOf = (element: XmlElement, where: string) => {
    const id = exactlyOne(element, "id", where);
    if (id && !URL.canParse(text(id)))
      problems.push(`${where}: <id> ${JSON.stringify(text(id))} is not an IRI`);
    return text(id);
  };
  idOf(feed, "feed");
  exactlyOne(feed, "title", "feed");
  dateOf(feed, "updated", "feed");
  linksOf(feed, "feed");
  const feedHasAuthor = childrenNamed(feed, ATOM_NS, "author").length > 0;
  const ids = new Set<string>();
  childrenNamed(feed, ATOM_NS, "entry").forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const id = idOf(entry, where);
    if (ids.has(id)) problems.push(`${where}: duplicate <id> ${id}`);
    ids.add(id);
    exactlyOne(entry, "title", where);
    dateOf(entry, "updated", where);
    const published = childNamed(entry, ATOM_NS, "published");
    if (published && !isRfc3339(text(published)))
      problems.push(`${where}: <published> ${JSON.stringify(text(published))} is not an RFC 3339 date`);
    linksOf(entry, where);
    // §4.1.1: an entry needs an author unless the feed has one; §4.1.2: content or an alternate link.
    if (!feedHasAuthor && childrenNamed(entry, ATOM_NS, "author").length === 0)
      problems.push(`${where}: no <author>, and the feed has none`);
    const alternate = childrenNamed(entry, ATOM_NS, "link").some(
      (link) => (link.attributes.rel ?? "alternate") === "alternate",
    );
    if (!childNamed(entry, ATOM_NS, "content") && !alternate)
      problems.push(`${where}: neither <content> nor an alternate <link>`);
  });
  return problems;
}

/** Problems of an RSS 2.0 document (required channel and item elements, dates, guids). */
export function rssProblems(rss: XmlElement): string[] {
  if (rss.uri !== "" || rss.name !== "rss") return ["root element is not <rss>"];
  const problems: string[] = [];
  if (rss.attributes.version !== "2.0")
    problems.push(`<rss version="${rss.attributes.version ?? ""}">, expected 2.0`);
  const channels = childrenNamed(rss, "", "channel");
  const channel = channels[0];
  if (channels.length !== 1 || channel === undefined)
    return [...problems, `${channels.length} <channel> elements, expected 1`];
  for (const name of ["title", "link", "description"])
    if (!childNamed(channel, "", name)) problems.push(`channel: no <${name}>`);
  const link = childNamed(channel, "", "link");
  if (link && !isAbsoluteUrl(text(link)))
    problems.push(`channel: <link> ${JSON.stringify(text(link))} is not an absolute URL`);
  for (const name of ["pubDate", "lastBuildDate"]) {
    const date = childNamed(channel, "", name);
    if (date && !isRfc822(text(date)))
      problems.push(`channel: <${name}> ${JSON.stringify(text(date))} is not an RFC 822 date`);
  }
  const guids = new Set<string>();
  childrenNamed(channel, "", "item").forEach((item, index) => {
    const where = `item ${index + 1}`;
    if (!childNamed(item, "", "title") && !childNamed(item, "", "description"))
      problems.push(`${where}: neither <title> nor <description>`);
    const itemLink = childNamed(item, "", "link");
    if (itemLink && !isAbsoluteUrl(text(itemLink)))
      problems.push(`${where}: <link> ${JSON.stringify(text(itemLink))} is not an absolute URL`);
    const pubDate = childNamed(item, "", "pubDate");
    if (pubDate && !isRfc822(text(pubDate)))
      problems.push(`${where}: <pubDate> ${JSON.stringify(text(pubDate))} is not an RFC 822 date`);
    const guid = childNamed(item, "", "guid");
    if (guid) {
      if (guids.has(text(guid))) problems.push(`${where}: duplicate <guid> ${text(guid)}`);
      guids.add(text(guid));
      if (guid.attributes.isPermaLink !== "false" && !isAbsoluteUrl(text(guid)))
        problems.push(`${where}: <guid> is a permalink but not an absolute URL (add isPermaLink="false")`);
    }
  });
  return problems;
}

/** Problems of an OPML subscription list: OPML 2.0 head/body, and an absolute xmlUrl on every rss outline. */
export function opmlProblems(opml: XmlElement): string[] {
  if (opml.uri !== "" || opml.name !== "opml") return ["root element is not <opml>"];
  const problems: string[] = [];
  if (!["1.0", "2.0"].includes(opml.attributes.version ?? ""))
    problems.push(`<opml version="${opml.attributes.version ?? ""}">, expected 2.0`);
  if (!childNamed(opml, "", "head")) problems.push("no <head>");
  const body = childNamed(opml, "", "body");
  if (!body) return [...problems, "no <body>"];
  const walk = (outline: XmlElement) => {
    if (outline.attributes.type === "rss" && !isAbsoluteUrl(outline.attributes.xmlUrl))
      problems.push(
        `outline ${JSON.stringify(outline.attributes.text ?? "")}: xmlUrl is not an absolute URL`,
      );
    childrenNamed(outline, "", "outline").forEach(walk);
  };
  childrenNamed(body, "", "outline").forEach(walk);
  return problems;
}

/** The feed's own URL as it declares it (atom:link rel="self"), if any. */
export function selfLink(root: XmlElement): string | undefined {
  const holder = root.name === "rss" ? childNamed(root, "", "channel") : root;
  return holder
    ? childrenNamed(holder, ATOM_NS, "link").find((link) => link.attributes.rel === "self")?.attributes.href
    : undefined;
}
