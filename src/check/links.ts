/**
 * Every URL under `baseUrl` that `text` mentions, whatever the syntax around it: an href in HTML, an RSS
 * <link>, a JSON string, or markup escaped inside an RSS description. A plain scan for the prefix rather
 * than one parser per format, because published links are always absolute under baseUrl (README), and the
 * escaped HTML inside feeds would otherwise need a second parse. `&amp;` is decoded; a URL ends at a quote,
 * angle bracket, whitespace or an escaped quote/bracket.
 */
export function internalUrls(text: string, baseUrl: string): string[] {
  const urls = new Set<string>();
  let from = 0;
  for (;;) {
    const start = text.indexOf(baseUrl, from);
    if (start < 0) break;
    const rest = text.slice(start);
    const end = /["'<>\s\\)]|&(?:quot|lt|gt|#3[49]|#x2[27]);/i.exec(rest)?.index ?? rest.length;
    urls.add(rest.slice(0, end).replaceAll("&amp;", "&"));
    from = start + Math.max(end, baseUrl.length);
  }
  return [...urls];
}

/** The published key a URL under baseUrl is served from ("" and folders mean their index.html). */
export function keyForUrl(url: string, baseUrl: string): string {
  let key = url.slice(baseUrl.length).replace(/[?#].*$/, "");
  try {
    key = decodeURI(key);
  } catch {
    // A malformed escape stays as written; it will simply not match a key.
  }
  return key === "" || key.endsWith("/") ? `${key}index.html` : key;
}
