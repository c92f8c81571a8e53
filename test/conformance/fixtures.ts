import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

// Hand-written documents, deliberately not produced by src/: the validators must be proven
// against feeds whose validity we know from the specs, not from our builder.
// Every factory returns a fresh string or object, so no test can leak a mutation into another.

export const ATOM_ENTRY_ID = "https://example.org/articles/first";
export const RSS_ITEM_GUID = "urn:fixture:rss:first";

type AtomFeedPart = "id" | "updated" | "title";
type AtomEntryPart = "id" | "updated" | "title";

export interface AtomOptions {
  omitFeed?: AtomFeedPart[];
  omitEntry?: AtomEntryPart[];
  entryTitle?: string;
}

export function atomFeed(options: AtomOptions = {}): string {
  const omitFeed = new Set(options.omitFeed ?? []);
  const omitEntry = new Set(options.omitEntry ?? []);
  const line = (keep: boolean, xml: string) => (keep ? `${xml}\n` : "");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
${line(!omitFeed.has("title"), "  <title>Conformance fixture</title>")}${line(!omitFeed.has("id"), "  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>")}${line(!omitFeed.has("updated"), "  <updated>2024-05-01T12:00:00Z</updated>")}  <author><name>Fixture Author</name></author>
  <link rel="self" type="application/atom+xml" href="https://example.org/atom.xml"/>
  <link rel="alternate" type="text/html" href="https://example.org/"/>
  <entry>
${line(!omitEntry.has("title"), `    <title>${options.entryTitle ?? "First &amp; only entry"}</title>`)}${line(!omitEntry.has("id"), `    <id>${ATOM_ENTRY_ID}</id>`)}    <published>2024-05-01T10:00:00+02:00</published>
${line(!omitEntry.has("updated"), "    <updated>2024-05-01T12:00:00Z</updated>")}    <link rel="alternate" type="text/html" href="https://example.org/articles/first"/>
    <category term="testing"/>
    <summary>A short summary.</summary>
    <content type="html">&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;</content>
  </entry>
</feed>
`;
}

export function rssFeed(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Conformance RSS fixture</title>
    <link>https://example.org/</link>
    <description>Hand-written RSS 2.0</description>
    <language>en</language>
    <atom:link rel="self" type="application/rss+xml" href="https://example.org/rss.xml"/>
    <item>
      <title>First RSS item</title>
      <link>https://example.org/articles/first</link>
      <guid isPermaLink="false">${RSS_ITEM_GUID}</guid>
      <pubDate>Wed, 01 May 2024 10:00:00 +0200</pubDate>
      <category>testing</category>
      <description>A short summary.</description>
      <content:encoded><![CDATA[<p>Hello <em>RSS</em></p>]]></content:encoded>
    </item>
  </channel>
</rss>
`;
}

// Mismatched end tag: the simplest document every XML parser must refuse.
export function notWellFormedXml(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Broken</title><link>https://example.org/</link>
<description>d</description><item><title>Unclosed</item></channel></rss>
`;
}

// U+0001 is not a Char in XML 1.0 (§2.2), even as a character reference; the design requires such
// characters to be removed, so the harness must notice when they are not.
export function atomWithForbiddenCharacter(): string {
  return atomFeed({ entryTitle: "Bell\u0001 character" });
}

export function htmlPageAsXml(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Not a feed</title></head><body><p>Hi</p></body></html>
`;
}

export function opmlDocument(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head><title>Fixture feeds</title></head>
  <body>
    <outline type="rss" text="Atom" xmlUrl="https://example.org/atom.xml" htmlUrl="https://example.org/"/>
  </body>
</opml>
`;
}

export type JsonObject = Record<string, unknown>;

export function jsonFeedObject(): JsonObject {
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: "Conformance JSON fixture",
    home_page_url: "https://example.org/",
    feed_url: "https://example.org/feed.json",
    language: "en-GB",
    authors: [{ name: "Fixture Author" }],
    items: [
      {
        id: "https://example.org/articles/first",
        url: "https://example.org/articles/first",
        title: "First JSON item",
        content_html: "<p>Hello</p>",
        date_published: "2024-05-01T10:00:00+02:00",
        tags: ["testing"],
      },
    ],
  };
}

// Takes a mutation of a fresh copy, so a broken variant is one line in the test that needs it.
export function jsonFeed(mutate: (feed: JsonObject, item: JsonObject) => void = () => {}): string {
  const feed = jsonFeedObject();
  const item = (feed.items as JsonObject[])[0] as JsonObject;
  mutate(feed, item);
  return `${JSON.stringify(feed, null, 2)}\n`;
}

export interface FixtureDir {
  dir: string;
  write(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function makeFixtureDir(): Promise<FixtureDir> {
  const dir = await mkdtemp(path.join(tmpdir(), "feed-conformance-"));
  return {
    dir,
    async write(name, text) {
      const file = path.join(dir, name);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text, "utf8");
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
