/**
 * Characters XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets: C0 controls other than tab/LF/CR,
 * U+FFFE/U+FFFF, lone surrogates), plus the C1 controls and DEL, which XML allows but which in scraped text
 * are always mojibake. `feed@6` passes all of them straight into its output, producing documents that
 * strict parsers (and most readers) reject, so every string is cleaned before it reaches a renderer.
 */
const FORBIDDEN_IN_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The same characters but surrogates, as one class: V8 scans for a class far faster than for lookarounds. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const FORBIDDEN_NOT_SURROGATE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;

/** ES2024 (Node 20+), missing from the ES2023 lib this project compiles against. */
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * Removes every character that cannot appear in an XML 1.0 document. Almost every string has none, and
 * article bodies are most of a feed's bytes (issue 8), so clean text is found by the two fast tests and
 * returned as it is.
 */
export function stripXmlForbidden(text: string): string {
  if (!FORBIDDEN_NOT_SURROGATE.test(text) && isWellFormed(text)) return text;
  return text.replace(FORBIDDEN_IN_XML, "");
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML/XML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Plain text as HTML text: only `&`, `<` and `>`. Feed readers treat RSS titles and Atom `type="html"`
 * titles as HTML (feedparser, for one, decodes them), so plain text must be escaped once to survive; quotes
 * stay as they are for the few readers that show the raw value.
 */
export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>]/g, (c) => HTML_ESCAPES[c] ?? c);
}
