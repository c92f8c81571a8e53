import sanitize from "sanitize-html";
import sanitizer from "sanitize-html/package.json" with { type: "json" };
import { absoluteUrl, type LinkScheme } from "./urls.js";
import { escapeHtml, stripXmlForbidden } from "./xml-safe.js";

/** Bump whenever the allowlist below changes what survives sanitising. */
const POLICY_VERSION = 1;

/**
 * Which sanitiser and allowlist produced a body. Part of the run state's parse fingerprint, so cached
 * articles are parsed (and sanitised) again when either changes: a sanitiser upgrade that fixes an
 * advisory also cleans articles published before it.
 */
export const SANITIZER_ID = `sanitize-html@${sanitizer.version}/policy-${POLICY_VERSION}`;

/** Plain-text paragraphs as HTML `<p>` elements. */
export function paragraphsToHtml(paragraphs: readonly string[]): string {
  return paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
}

function withAbsoluteUrl(
  attribute: string,
  baseUrl: string,
  schemes: readonly LinkScheme[],
): sanitize.Transformer {
  return (tagName, attribs) => {
    const value = attribs[attribute];
    const next = { ...attribs };
    if (value !== undefined) {
      const resolved = absoluteUrl(value, baseUrl, schemes);
      if (resolved === undefined) delete next[attribute];
      else next[attribute] = resolved;
    }
    return { tagName, attribs: next };
  };
}

/**
 * Allowlist sanitising of article HTML: what feed readers render safely. Scripts, styles, frames, forms,
 * event handlers and non-http(s) URLs are dropped; relative URLs become absolute because a feed is read far
 * from the page it came from (RSS readers ignore xml:base). (Long only because the allowlist is spelled
 * out one tag per line, so a review sees every tag that may reach readers.)
 */
export function sanitizeArticleHtml(html: string, baseUrl: string): string {
  const clean = sanitize(stripXmlForbidden(html), {
    allowedTags: [
      "p",
      "br",
      "hr",
      "h2",
      "h3",
      "h4",
      "h5",
      "h6",
      "blockquote",
      "pre",
      "code",
      "em",
      "strong",
      "b",
      "i",
      "u",
      "s",
      "sub",
      "sup",
      "small",
      "mark",
      "q",
      "cite",
      "abbr",
      "ul",
      "ol",
      "li",
      "dl",
      "dt",
      "dd",
      "a",
      "img",
      "figure",
      "figcaption",
      "table",
      "thead",
      "tbody",
      "tfoot",
      "tr",
      "th",
      "td",
      "caption",
      "span",
      "div",
    ],
    allowedAttributes: {
      a: ["href", "title"],
      img: ["src", "alt", "title", "width", "height"],
      abbr: ["title"],
      q: ["cite"],
      blockquote: ["cite"],
      th: ["colspan", "rowspan", "scope"],
      td: ["colspan", "rowspan"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    transformTags: {
      h1: "h2",
      a: withAbsoluteUrl("href", baseUrl, ["http", "https", "mailto"]),
      img: withAbsoluteUrl("src", baseUrl, ["http", "https"]),
    },
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
  });
  return clean.trim();
}

const TEXT_ESCAPES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};

/**
 * The visible text of an HTML fragment (tags dropped, script/style content dropped, entities decoded),
 * for titles and summaries, which are plain text everywhere.
 */
export function htmlToPlainText(html: string): string {
  const text = sanitize(stripXmlForbidden(html), { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => TEXT_ESCAPES[entity] ?? entity)
    .replace(/\s+/gu, " ")
    .trim();
}
