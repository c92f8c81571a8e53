import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ATOM_ENTRY_ID,
  atomFeed,
  atomWithForbiddenCharacter,
  type FixtureDir,
  htmlPageAsXml,
  jsonFeed,
  makeFixtureDir,
  notWellFormedXml,
  opmlDocument,
  RSS_ITEM_GUID,
  rssFeed,
} from "./fixtures.js";
import {
  checkFeedFile,
  conformanceToolsAvailable,
  isCi,
  listFeedFiles,
  parseWithFeedparser,
  parseWithNpmParsers,
  validateAtomSchema,
  validateJsonFeed,
  xmllintWellFormed,
} from "./validators.js";

// A validator that never says "no" proves nothing: every check below is shown rejecting a
// known-bad document as well as accepting a known-good one. The known-bad fixture differs from the
// accepted one only by the fault, so the verdict alone proves the check saw it. Assertions are on the
// tool's verdict (exit code, bozo), never its wording: feedparser words the same fault differently
// with expat and with libxml2 (Debian python3-libxml2), and jing/xmllint change wording across versions.

const tools = await conformanceToolsAvailable();
// CI must never turn a missing validator into a green run; locally a skip is enough of a hint.
const skipTools = !tools.ok && !isCi();
if (skipTools) {
  console.warn(`[conformance] ${tools.details}. Tool-based checks are SKIPPED locally (they fail in CI).`);
}

let fixtures: FixtureDir;
beforeAll(async () => {
  fixtures = await makeFixtureDir();
});
afterAll(async () => {
  await fixtures.remove();
});

describe("conformance tools", () => {
  it.skipIf(skipTools)("jing, xmllint, /usr/bin/python3 feedparser and atom.rnc are present", () => {
    expect(tools.ok, tools.details).toBe(true);
  });
});

describe.skipIf(skipTools)("validateAtomSchema (jing + RFC 4287 RELAX NG)", () => {
  it("accepts a minimal valid Atom feed", async () => {
    const result = await validateAtomSchema(await fixtures.write("valid.atom.xml", atomFeed()));
    expect(result.ok, result.details).toBe(true);
  });

  it("rejects a feed without <id>", async () => {
    const result = await validateAtomSchema(
      await fixtures.write("no-id.atom.xml", atomFeed({ omitFeed: ["id"] })),
    );
    expect(result.ok, result.details).toBe(false);
  });

  it("rejects an entry without <updated>", async () => {
    const file = await fixtures.write("no-updated.atom.xml", atomFeed({ omitEntry: ["updated"] }));
    const result = await validateAtomSchema(file);
    expect(result.ok, result.details).toBe(false);
  });

  it("rejects an RSS document (wrong vocabulary, not merely malformed)", async () => {
    const result = await validateAtomSchema(await fixtures.write("is-rss.xml", rssFeed()));
    expect(result.ok, result.details).toBe(false);
  });
});

describe.skipIf(skipTools)("xmllintWellFormed", () => {
  it("accepts well-formed Atom and RSS", async () => {
    for (const [name, text] of [
      ["wf.atom.xml", atomFeed()],
      ["wf.rss.xml", rssFeed()],
    ] as const) {
      const result = await xmllintWellFormed(await fixtures.write(name, text));
      expect(result.ok, result.details).toBe(true);
    }
  });

  it("rejects a mismatched end tag", async () => {
    const result = await xmllintWellFormed(await fixtures.write("broken.xml", notWellFormedXml()));
    expect(result.ok, result.details).toBe(false);
  });

  it("rejects a character XML 1.0 forbids", async () => {
    const result = await xmllintWellFormed(await fixtures.write("ctrl.xml", atomWithForbiddenCharacter()));
    expect(result.ok, result.details).toBe(false);
  });
});

describe.skipIf(skipTools)("parseWithFeedparser", () => {
  it("reads a valid Atom feed with bozo=0 and the values we wrote", async () => {
    const result = await parseWithFeedparser(await fixtures.write("fp.atom.xml", atomFeed()));
    expect(result.ok, result.details).toBe(true);
    expect(result.bozo).toBe(false);
    expect(result.version).toBe("atom10");
    expect(result.title).toBe("Conformance fixture");
    expect(result.entryCount).toBe(1);
    expect(result.entries[0]).toEqual({
      id: ATOM_ENTRY_ID,
      title: "First & only entry",
      link: "https://example.org/articles/first",
      // +02:00 in the document: proves feedparser's date reading, not just string passthrough.
      published: "2024-05-01T08:00:00Z",
      updated: "2024-05-01T12:00:00Z",
      summary: "A short summary.",
      content: "<p>Hello &amp; welcome</p>",
      tags: ["testing"],
    });
  });

  it("reads a valid RSS 2.0 feed with bozo=0", async () => {
    const result = await parseWithFeedparser(await fixtures.write("fp.rss.xml", rssFeed()));
    expect(result.ok, result.details).toBe(true);
    expect(result.version).toBe("rss20");
    expect(result.entries[0]).toMatchObject({
      id: RSS_ITEM_GUID,
      title: "First RSS item",
      link: "https://example.org/articles/first",
      published: "2024-05-01T08:00:00Z",
      content: "<p>Hello <em>RSS</em></p>",
      tags: ["testing"],
    });
  });

  it("flags a not-well-formed document as bozo", async () => {
    const result = await parseWithFeedparser(await fixtures.write("fp-broken.xml", notWellFormedXml()));
    expect(result.ok).toBe(false);
    expect(result.bozo).toBe(true);
    expect(result.bozoException).not.toBeNull();
  });

  it("flags a forbidden control character as bozo", async () => {
    const result = await parseWithFeedparser(
      await fixtures.write("fp-ctrl.xml", atomWithForbiddenCharacter()),
    );
    expect(result.ok).toBe(false);
    expect(result.bozo).toBe(true);
    expect(result.bozoException).not.toBeNull();
  });

  it("does not take a well-formed XHTML page for a feed", async () => {
    const result = await parseWithFeedparser(await fixtures.write("fp-page.xml", htmlPageAsXml()));
    expect(result.ok).toBe(false);
    expect(result.version).toBe("");
  });
});

describe("parseWithNpmParsers (@rowanmanning/feed-parser + feedsmith)", () => {
  it("both read the Atom fixture's ids, titles and links", async () => {
    const result = await parseWithNpmParsers(atomFeed());
    expect(result.ok, result.details).toBe(true);
    for (const view of [result.rowanmanning, result.feedsmith]) {
      expect(view.format).toBe("atom");
      expect(view.title).toBe("Conformance fixture");
      expect(view.items).toEqual([
        { id: ATOM_ENTRY_ID, title: "First & only entry", link: "https://example.org/articles/first" },
      ]);
    }
  });

  it("both read the RSS fixture's guid as the id", async () => {
    const result = await parseWithNpmParsers(rssFeed());
    expect(result.ok, result.details).toBe(true);
    expect(result.rowanmanning.items).toEqual(result.feedsmith.items);
    expect(result.feedsmith.items[0]).toEqual({
      id: RSS_ITEM_GUID,
      title: "First RSS item",
      link: "https://example.org/articles/first",
    });
  });

  it("fails on a document that is not a feed", async () => {
    const result = await parseWithNpmParsers("this is not xml");
    expect(result.ok).toBe(false);
    expect(result.rowanmanning.ok).toBe(false);
    expect(result.feedsmith.ok).toBe(false);
  });
});

describe("validateJsonFeed (zod reading of JSON Feed 1.1 + feedsmith)", () => {
  it("accepts a minimal valid JSON Feed 1.1", async () => {
    const result = await validateJsonFeed(jsonFeed());
    expect(result.ok, result.details).toBe(true);
    expect(result.feedsmith.items.map((item) => item.id)).toEqual(["https://example.org/articles/first"]);
  });

  it.each([
    [
      "version 1",
      (feed: Record<string, unknown>) => (feed.version = "https://jsonfeed.org/version/1"),
      /version/,
    ],
    ["missing title", (feed: Record<string, unknown>) => delete feed.title, /title/],
    ["items not an array", (feed: Record<string, unknown>) => (feed.items = {}), /items/],
    [
      "relative feed_url",
      (feed: Record<string, unknown>) => (feed.feed_url = "/feed.json"),
      /feed_url.*absolute/,
    ],
    ["language with underscore", (feed: Record<string, unknown>) => (feed.language = "en_GB"), /language/],
    [
      "1.0 author instead of authors",
      (feed: Record<string, unknown>) => {
        delete feed.authors;
        feed.author = { name: "Old style" };
      },
      /author/,
    ],
    ["empty author object", (feed: Record<string, unknown>) => (feed.authors = [{}]), /authors/],
    [
      "misspelt member",
      (feed: Record<string, unknown>) => (feed.homepage_url = "https://example.org/"),
      /homepage_url/,
    ],
  ])("rejects a feed with %s", async (_name, mutate, message) => {
    const result = await validateJsonFeed(jsonFeed((feed) => mutate(feed)));
    expect(result.ok).toBe(false);
    expect(result.details).toMatch(message);
  });

  it.each([
    ["a missing id", (item: Record<string, unknown>) => delete item.id, /items\.0\.id/],
    ["a numeric id", (item: Record<string, unknown>) => (item.id = 1), /items\.0\.id/],
    [
      "neither content_html nor content_text",
      (item: Record<string, unknown>) => delete item.content_html,
      /content_html or content_text/,
    ],
    [
      "an RFC 822 date",
      (item: Record<string, unknown>) => (item.date_published = "Wed, 01 May 2024 10:00:00 +0200"),
      /RFC 3339/,
    ],
    [
      "an impossible date",
      (item: Record<string, unknown>) => (item.date_modified = "2024-02-30T10:00:00Z"),
      /RFC 3339/,
    ],
    ["a relative url", (item: Record<string, unknown>) => (item.url = "/articles/first"), /items\.0\.url/],
    ["tags that are not strings", (item: Record<string, unknown>) => (item.tags = [1]), /tags/],
  ])("rejects an item with %s", async (_name, mutate, message) => {
    const result = await validateJsonFeed(jsonFeed((_feed, item) => mutate(item)));
    expect(result.ok).toBe(false);
    expect(result.details).toMatch(message);
  });

  it("rejects duplicate item ids", async () => {
    const result = await validateJsonFeed(
      jsonFeed((feed, item) => {
        feed.items = [item, { ...item }];
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.details).toMatch(/duplicate item id/);
  });

  it("accepts underscore extensions and an author alongside authors", async () => {
    const result = await validateJsonFeed(
      jsonFeed((feed, item) => {
        feed._publisher = { about: "https://example.org/" };
        feed.author = { name: "Fixture Author" };
        item.content_text = "Hello";
      }),
    );
    expect(result.ok, result.details).toBe(true);
  });

  it("rejects text that is not JSON", async () => {
    const result = await validateJsonFeed("{ not json");
    expect(result.ok).toBe(false);
    expect(result.details).toMatch(/not JSON/);
  });
});

describe.skipIf(skipTools)("checkFeedFile", () => {
  it("accepts each valid kind and names every check it ran", async () => {
    const atom = await checkFeedFile(await fixtures.write("check/atom.xml", atomFeed()));
    expect(atom.ok, atom.details).toBe(true);
    expect(atom.kind).toBe("atom");
    expect(Object.keys(atom.checks)).toEqual(["xmllint", "jing", "feedparser", "npmParsers", "agreement"]);

    const rss = await checkFeedFile(await fixtures.write("check/rss.xml", rssFeed()));
    expect(rss.ok, rss.details).toBe(true);
    expect(rss.kind).toBe("rss");
    expect(Object.keys(rss.checks)).toEqual(["xmllint", "feedparser", "npmParsers", "agreement"]);

    const json = await checkFeedFile(await fixtures.write("check/feed.json", jsonFeed()));
    expect(json.ok, json.details).toBe(true);
    expect(json.kind).toBe("json");

    const opml = await checkFeedFile(await fixtures.write("check/feeds.opml", opmlDocument()));
    expect(opml.ok, opml.details).toBe(true);
    expect(opml.kind).toBe("opml");
  });

  it("dispatches on the root element, not on a '<feed' substring inside RSS content", async () => {
    const tricky = rssFeed().replace("<p>Hello <em>RSS</em></p>", "<pre>&lt;feed&gt; and <feed></pre>");
    const result = await checkFeedFile(await fixtures.write("check/tricky.xml", tricky));
    expect(result.kind).toBe("rss");
    expect(result.ok, result.details).toBe(true);
  });

  it("fails an Atom feed that only the schema catches, and says which check failed", async () => {
    const result = await checkFeedFile(
      await fixtures.write("check/no-id.xml", atomFeed({ omitEntry: ["id"] })),
    );
    expect(result.ok).toBe(false);
    expect(result.checks.jing?.ok).toBe(false);
    expect(result.details).toMatch(/\[jing\]/);
  });

  it("fails malformed XML through xmllint and feedparser", async () => {
    const result = await checkFeedFile(await fixtures.write("check/broken.xml", notWellFormedXml()));
    expect(result.ok).toBe(false);
    expect(result.checks.xmllint?.ok).toBe(false);
    expect(result.checks.feedparser?.ok).toBe(false);
  });

  it("fails an XML file whose root is not a feed", async () => {
    const result = await checkFeedFile(await fixtures.write("check/page.xml", htmlPageAsXml()));
    expect(result.ok).toBe(false);
    expect(result.kind).toBe("unknown");
    expect(result.details).toMatch(/<html>/);
  });

  it("fails an invalid JSON feed", async () => {
    const file = await fixtures.write(
      "check/bad.json",
      jsonFeed((_feed, item) => delete item.id),
    );
    const result = await checkFeedFile(file);
    expect(result.ok).toBe(false);
    expect(result.kind).toBe("json");
  });

  it("leaves HTML pages alone", async () => {
    const result = await checkFeedFile(await fixtures.write("check/index.html", "<!doctype html><p>hi"));
    expect(result.kind).toBe("html");
    expect(result.checks).toEqual({});
  });
});

describe("listFeedFiles", () => {
  it("finds feed documents recursively, skipping private state and pages", async () => {
    const list = await makeFixtureDir();
    try {
      await list.write("atom.xml", atomFeed());
      await list.write("categories/news/rss.xml", rssFeed());
      await list.write("feed.json", jsonFeed());
      await list.write("feeds.opml", opmlDocument());
      await list.write("index.html", "<!doctype html>");
      await list.write("_state/manifest.json", "{}");
      const files = (await listFeedFiles(list.dir)).map((file) => file.slice(list.dir.length + 1));
      expect(files).toEqual(["atom.xml", "categories/news/rss.xml", "feed.json", "feeds.opml"]);
    } finally {
      await list.remove();
    }
  });

  it("returns nothing for a missing folder", async () => {
    expect(await listFeedFiles("/nonexistent/feed-conformance")).toEqual([]);
  });
});
