/** The URL schemes a published document may link to. */
export type LinkScheme = "http" | "https" | "mailto";

const WEB: readonly LinkScheme[] = ["http", "https"];

/**
 * `value` as an absolute URL in canonical form (`new URL().href`: lower-case host, punycode,
 * percent-encoded path), resolved against `baseUrl` when relative; undefined when it does not parse or
 * its scheme is not one of `schemes`. The one place the project turns text into a link: a feed is read
 * far from the page it came from (RSS readers ignore xml:base), so every link must be absolute.
 */
export function absoluteUrl(
  value: string,
  baseUrl?: string,
  schemes: readonly LinkScheme[] = WEB,
): string | undefined {
  try {
    const url = new URL(value.trim(), baseUrl);
    return schemes.includes(url.protocol.slice(0, -1) as LinkScheme) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
