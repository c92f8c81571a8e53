import { describe, expect, it } from "vitest";
import { parseMarkdownArticle } from "../../src/articles/parse-markdown.js";
import { expectOk, expectRejected, parseContext, URN_UUID } from "./factories.js";

const KEY = "culture/jazz.md";

/** A Markdown article: front matter lines between `---` fences, then the body. */
const markdownArticle = (
  frontMatter: readonly string[] = ['title: "Jazz festival opens"', "published: 2022-09-14 19:00"],
  body = "The festival's **opening night** drew a full house.\n",
) => `---\n${frontMatter.join("\n")}\n---\n\n${body}`;

const parseMd = (text: string, key = KEY, ctx = parseContext()) => parseMarkdownArticle(key, text, ctx);

describe("front matter fields", () => {
  it("reads a minimal article", () => {
    const article = expectOk(parseMd(markdownArticle()));
    expect(article.key).toBe(KEY);
    expect(article.title).toBe("Jazz festival opens");
    expect(article.published).toBe("2022-09-14T15:00:00Z");
    expect(article.id).toMatch(URN_UUID);
    expect(article.categories).toEqual(["culture"]);
  });

  it("reads every documented field", () => {
    const article = expectOk(
      parseMd(
        markdownArticle([
          "id: tag:news.example,2022:jazz",
          "url: https://news.example/culture/jazz",
          "title: Jazz festival opens",
          "published: 2022-09-14T19:00:00",
          "updated: 2022-09-15T08:00:00",
          "author:",
          "  name: Culture Desk",
          "categories: [Culture, Music]",
          "tags:",
          "  - jazz",
          "summary: A festival opened.",
          "image: /img/jazz.jpg",
        ]),
      ),
    );
    expect(article.id).toBe("tag:news.example,2022:jazz");
    expect(article.url).toBe("https://news.example/culture/jazz");
    expect(article.updated).toBe("2022-09-15T04:00:00Z");
    expect(article.author).toBe("Culture Desk");
    expect(article.categories).toEqual(["Culture", "Music", "jazz"]);
    expect(article.summary).toBe("A festival opened.");
    expect(article.image).toBe("https://news.example/img/jazz.jpg");
  });

  it("reads author as a plain string", () => {
    const article = expectOk(
      parseMd(markdownArticle(["title: T", "published: 2022-09-14 19:00", "author: Ann"])),
    );
    expect(article.author).toBe("Ann");
  });

  it("reads local times in the configured zone and lets explicit offsets win", () => {
    const local = expectOk(parseMd(markdownArticle(["title: T", "published: 2022-09-14 19:00"])));
    expect(local.published).toBe("2022-09-14T15:00:00Z");
    const offset = expectOk(parseMd(markdownArticle(["title: T", "published: 2022-09-14T19:00:00+02:00"])));
    expect(offset.published).toBe("2022-09-14T17:00:00Z");
    const utc = expectOk(
      parseMd(
        markdownArticle(["title: T", "published: 2022-09-14 19:00"]),
        KEY,
        parseContext({ timeZone: "UTC" }),
      ),
    );
    expect(utc.published).toBe("2022-09-14T19:00:00Z");
  });

  it("keeps a URI id and turns another id into a stable urn:uuid", () => {
    const uri = expectOk(
      parseMd(markdownArticle(["id: https://news.example/1", "title: T", "published: 2022-09-14"])),
    );
    expect(uri.id).toBe("https://news.example/1");
    const plain = () =>
      expectOk(parseMd(markdownArticle(["id: jazz-1", "title: T", "published: 2022-09-14"]))).id;
    expect(plain()).toMatch(URN_UUID);
    expect(plain()).toBe(plain());
  });

  it("keeps the id when the title is edited", () => {
    const a = expectOk(parseMd(markdownArticle(["title: Old", "published: 2022-09-14"]))).id;
    const b = expectOk(parseMd(markdownArticle(["title: New", "published: 2022-09-14"]))).id;
    expect(b).toBe(a);
  });

  it("reads CRLF files and a byte order mark", () => {
    const text = `\uFEFF${markdownArticle().replace(/\n/g, "\r\n")}`;
    const article = expectOk(parseMd(text));
    expect(article.title).toBe("Jazz festival opens");
    expect(article.contentHtml).toContain("<strong>opening night</strong>");
  });

  it("accepts `...` as the closing fence", () => {
    const text = "---\ntitle: T\npublished: 2022-09-14\n...\nBody\n";
    expect(expectOk(parseMd(text)).contentHtml).toBe("<p>Body</p>");
  });
});

describe("Markdown body", () => {
  it("renders emphasis, lists, quotes and links", () => {
    const html = expectOk(
      parseMd(
        markdownArticle(
          undefined,
          "Some **x** and _y_.\n\n- one\n- two\n\n> quoted\n\n[rel](/culture/jazz)\n",
        ),
      ),
    ).contentHtml;
    expect(html).toContain("<strong>x</strong>");
    expect(html).toContain("<em>y</em>");
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    expect(html).toMatch(/<blockquote>\s*<p>quoted<\/p>\s*<\/blockquote>/);
    expect(html).toContain('<a href="https://news.example/culture/jazz">rel</a>');
  });

  it("summarises the rendered body as plain text when there is no summary", () => {
    const article = expectOk(parseMd(markdownArticle(undefined, "Plain **bold** & text.\n")));
    expect(article.summary).toBe("Plain bold & text.");
  });

  it("sanitises raw HTML in the body", () => {
    const html = expectOk(
      parseMd(
        markdownArticle(
          undefined,
          '<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(2)">\n\n[x](javascript:alert(3))\n\n<iframe src="https://evil.example"></iframe>\n\n<p style="color:red">s</p>\n',
        ),
      ),
    ).contentHtml;
    expect(html).not.toMatch(/<script|onerror|javascript:|<iframe|style=/i);
    expect(html).toContain('<img src="https://news.example/x.png" />');
  });

  it("takes the title from the first # heading when the front matter has none, and removes the heading", () => {
    const article = expectOk(
      parseMd(markdownArticle(["published: 2022-09-14 19:00"], "# The Heading Title\n\nBody.\n")),
    );
    expect(article.title).toBe("The Heading Title");
    expect(article.contentHtml).toBe("<p>Body.</p>");
  });

  it("keeps the body's heading when the front matter has a title", () => {
    const article = expectOk(parseMd(markdownArticle(undefined, "# A heading\n\nBody.\n")));
    expect(article.title).toBe("Jazz festival opens");
    expect(article.contentHtml).toContain("A heading");
  });

  // The heading search is a plain line regex over the Markdown source, so a `# comment` line inside a
  // fenced code block is taken for the title (and cut out of the code).
  it("a # line inside a fenced code block is taken as the title", () => {
    const body = "```sh\n# install the tool\nnpm i\n```\n\n# Real title\n\nBody.\n";
    const article = expectOk(parseMd(markdownArticle(["published: 2022-09-14 19:00"], body)));
    expect(article.title).toBe("Real title");
  });
});

describe("rejections", () => {
  it("rejects a file without front matter", () => {
    const error = expectRejected(parseMd("# Title\n\nBody.\n"));
    expect(error.key).toBe(KEY);
    expect(error.reason).toMatch(/front matter/);
  });

  it("rejects front matter that is not closed", () => {
    expect(expectRejected(parseMd("---\ntitle: T\npublished: 2022-09-14\nBody\n")).reason).toMatch(
      /front matter/,
    );
  });

  it("rejects a missing title (no front matter title, no heading) naming the field", () => {
    const error = expectRejected(parseMd(markdownArticle(["published: 2022-09-14"], "Body only.\n")));
    expect(error.reason).toMatch(/"title"/);
  });

  it("rejects a missing published naming the field", () => {
    expect(expectRejected(parseMd(markdownArticle(["title: T"]))).reason).toMatch(/"published"/);
  });

  it("rejects front matter with wrong types naming the field", () => {
    expect(
      expectRejected(parseMd(markdownArticle(["title: T", "published: 2022-09-14", "categories: Culture"])))
        .reason,
    ).toMatch(/"categories"/);
    expect(
      expectRejected(parseMd(markdownArticle(["title: [a, b]", "published: 2022-09-14"]))).reason,
    ).toMatch(/"title"/);
  });

  it("rejects front matter that is a list, not a mapping", () => {
    expect(expectRejected(parseMd(markdownArticle(["- title", "- published"]))).reason).toMatch(/mapping/);
  });

  it("rejects invalid YAML and duplicate keys", () => {
    expect(
      expectRejected(parseMd(markdownArticle(["title: [unclosed", "published: 2022-09-14"]))).reason,
    ).toMatch(/YAML/);
    expect(
      expectRejected(parseMd(markdownArticle(["title: A", "title: B", "published: 2022-09-14"]))).reason,
    ).toMatch(/YAML/);
  });

  it('rejects YAML "billion laughs" aliases instead of expanding them', () => {
    const laughs = [
      "title: T",
      "published: 2022-09-14",
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
      "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
      "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
    ];
    const started = Date.now();
    const error = expectRejected(parseMd(markdownArticle(laughs)));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.key).toBe(KEY);
    expect(error.reason).toMatch(/alias/i);
  });

  it("rejects the !!js/function tag with a reason", () => {
    const error = expectRejected(
      parseMd(
        markdownArticle(["title: T", "published: 2022-09-14", "x: !!js/function 'function () { return 1 }'"]),
      ),
    );
    expect(error.reason).toMatch(/js\/function/);
  });

  it("rejects a custom tag with a reason", () => {
    const error = expectRejected(parseMd(markdownArticle(["title: !custom T", "published: 2022-09-14"])));
    expect(error.reason).toMatch(/!custom/);
  });
});

describe("titles from headings", () => {
  it("reads a heading's inline Markdown as plain text", () => {
    const result = parseMarkdownArticle(
      "h.md",
      "---\npublished: 2022-09-15 10:00\n---\n# Hello *world* & [a link](http://x.example)\n\nBody.\n",
      parseContext(),
    );
    expect(result.ok && result.article.title).toBe("Hello world & a link");
  });
});
