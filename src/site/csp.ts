import { createHash } from "node:crypto";

/**
 * Content-Security-Policy for our HTML pages, as a `<meta http-equiv>` so it travels with the page to any
 * host (https://www.w3.org/TR/CSP3/#meta-element). Nothing runs but inline code we wrote, allowed by its
 * hash rather than 'unsafe-inline', so injected markup that slipped past the sanitiser still cannot run.
 * `frame-ancestors` is ignored in a meta policy; the CloudFront response headers policy sets it.
 */
export function cspHash(code: string): string {
  return `'sha256-${createHash("sha256").update(code, "utf8").digest("base64")}'`;
}

export function contentSecurityPolicy(inline: {
  styles: readonly string[];
  scripts: readonly string[];
}): string {
  return [
    "default-src 'none'",
    // Article images come from the sources' own hosts (the sanitiser allows only http(s) image URLs);
    // `data:` is for our empty `<link rel=icon href="data:,">`, which stops a 404 for /favicon.ico.
    "img-src http: https: data:",
    `style-src ${inline.styles.map(cspHash).join(" ")}`,
    // JSON-LD (`application/ld+json`) is data, not script, and needs no permission.
    ...(inline.scripts.length ? [`script-src ${inline.scripts.map(cspHash).join(" ")}`] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}
