import { describe, expect, it } from "vitest";
import { paragraphsToHtml, sanitizeArticleHtml } from "../../src/markup/html.js";
import { escapeHtml } from "../../src/markup/xml-safe.js";

const BASE = "https://news.example/";
const clean = (html: string) => sanitizeArticleHtml(html, BASE);

describe("sanitizeArticleHtml: removed", () => {
  it("removes script elements with their text", () => {
    expect(clean("<p>a</p><script>alert(1)</script>")).toBe("<p>a</p>");
    expect(clean('<script src="https://evil.example/x.js"></script><p>a</p>')).toBe("<p>a</p>");
  });

  it("does not let a split tag reassemble into a script", () => {
    expect(clean("<scr<script>ipt>alert(1)</script>")).not.toMatch(/<script/i);
  });

  it("removes onerror and every other on* attribute", () => {
    const html = clean(
      '<img src="https://cdn.example/a.png" onerror="alert(1)" onload="alert(2)"><p onmouseover="x()">t</p>',
    );
    expect(html).toBe('<img src="https://cdn.example/a.png" /><p>t</p>');
  });

  it("removes javascript: URLs", () => {
    expect(clean('<a href="javascript:alert(1)">x</a>')).toBe("<a>x</a>");
    expect(clean('<a href="  JavaScript:alert(1)">x</a>')).toBe("<a>x</a>");
    expect(clean('<a href="java\tscript:alert(1)">x</a>')).toBe("<a>x</a>");
  });

  it("removes an entity-encoded javascript: URL", () => {
    expect(clean('<a href="&#106;avascript:alert(1)">x</a>')).toBe("<a>x</a>");
    expect(
      clean('<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>'),
    ).toBe("<a>x</a>");
    expect(clean('<a href="javascript&colon;alert(1)">x</a>')).toBe("<a>x</a>");
  });

  it("removes vbscript: and data: links", () => {
    expect(clean('<a href="vbscript:msgbox(1)">x</a>')).toBe("<a>x</a>");
    expect(clean('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>')).toBe("<a>x</a>");
  });

  it("drops an image whose src is a data: URL", () => {
    expect(clean('<p>i<img src="data:image/png;base64,iVBORw0KGgo=" alt="x"></p>')).toBe("<p>i</p>");
  });

  it("drops an image without a usable src", () => {
    expect(clean('<img alt="none">')).toBe("");
    expect(clean('<img src="mailto:a@b.example">')).toBe("");
  });

  it("removes iframes, objects, embeds and forms", () => {
    const html = clean(
      '<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf"><form action="/x"><input name="q"></form><p>k</p>',
    );
    expect(html).not.toMatch(/<(iframe|object|embed|form|input)/i);
    expect(html).toContain("<p>k</p>");
  });

  it("removes style elements with their text and style attributes", () => {
    expect(clean('<style>body { display: none }</style><p style="color: red">k</p>')).toBe("<p>k</p>");
  });

  it("removes base, link and meta elements", () => {
    const html = clean(
      '<base href="https://evil.example/"><link rel="stylesheet" href="x.css"><meta http-equiv="refresh" content="0;url=https://evil.example"><a href="page">p</a>',
    );
    expect(html).toBe('<a href="https://news.example/page">p</a>');
  });

  it("removes SVG together with its script and handlers", () => {
    const html = clean(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><a xlink:href="javascript:alert(3)">t</a></svg>',
    );
    expect(html).not.toMatch(/svg|script|alert|onload|javascript/i);
  });

  it("removes CDATA sections and comments", () => {
    expect(clean("<p><![CDATA[<script>alert(1)</script>]]></p>")).toBe("<p></p>");
    expect(clean("<p>a<!-- ]]> <script> --></p>")).toBe("<p>a</p>");
  });

  it("removes characters XML forbids", () => {
    expect(clean("<p>a\u0001\u0008\uFFFEb</p>")).toBe("<p>ab</p>");
  });
});

describe("sanitizeArticleHtml: kept and rewritten", () => {
  it("keeps the allowed formatting elements", () => {
    const html =
      "<p><strong>b</strong> <em>i</em> <code>c</code></p><ul><li>x</li></ul><blockquote>q</blockquote>";
    expect(clean(html)).toBe(html);
  });

  it("turns h1 into h2 (the page title is the only h1)", () => {
    expect(clean("<h1>Head</h1>")).toBe("<h2>Head</h2>");
  });

  it("makes relative links and image sources absolute", () => {
    expect(clean('<a href="/a/b?c=1#d">x</a>')).toBe('<a href="https://news.example/a/b?c=1#d">x</a>');
    expect(clean('<img src="img/x.png" alt="x">')).toBe(
      '<img src="https://news.example/img/x.png" alt="x" />',
    );
  });

  it("keeps http(s) and mailto links", () => {
    expect(clean('<a href="http://a.example/">a</a>')).toBe('<a href="http://a.example/">a</a>');
    expect(clean('<a href="mailto:desk@news.example">m</a>')).toBe(
      '<a href="mailto:desk@news.example">m</a>',
    );
  });

  it("escapes ]]> in text so the content can never close a CDATA section", () => {
    const html = clean("<p>a ]]> b</p>");
    expect(html).not.toContain("]]>");
    expect(html).toBe("<p>a ]]&gt; b</p>");
  });

  it("escapes ]]> and quotes inside attribute values", () => {
    const html = clean('<a href="https://e.example/" title="a]]>b&quot;c">x</a>');
    expect(html).not.toContain("]]>");
    expect(html).toContain('title="a]]&gt;b&quot;c"');
  });

  it("escapes text that looks like markup", () => {
    expect(clean("a < b & c > d")).toBe("a &lt; b &amp; c &gt; d");
  });
});

describe("escaping plain text", () => {
  it("escapes the five special characters", () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
    );
  });

  it("escapes an existing entity again (text is text)", () => {
    expect(escapeHtml("&amp; &#39;")).toBe("&amp;amp; &amp;#39;");
  });

  it("wraps paragraphs in <p> and escapes them", () => {
    expect(paragraphsToHtml(["a < b", "<script>x</script>"])).toBe(
      "<p>a &lt; b</p>\n<p>&lt;script&gt;x&lt;/script&gt;</p>",
    );
    expect(paragraphsToHtml([])).toBe("");
  });
});
