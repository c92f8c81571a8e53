import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The baseUrl a published folder was written for, read from its index.html's RSS autodiscovery link
 * (`<baseUrl>rss.xml`), or undefined when there is no index to read.
 */
export async function publishedOrigin(dir: string): Promise<string | undefined> {
  const html = await readFile(path.join(dir, "index.html"), "utf8").catch(() => undefined);
  if (html === undefined) return undefined;
  const link = /<link rel="alternate" type="application\/rss\+xml"[^>]*href="([^"]*)rss\.xml"/.exec(html);
  return link?.[1]?.replaceAll("&amp;", "&");
}
