/** The article formats this tool reads, by file extension. Imports no parser, so it costs nothing to load. */
export type ArticleFormat = "text" | "json" | "markdown";

const FORMATS: Readonly<Record<string, ArticleFormat>> = {
  ".txt": "text",
  ".json": "json",
  ".md": "markdown",
  ".markdown": "markdown",
};

export const ARTICLE_EXTENSIONS = Object.keys(FORMATS);

const extensionOf = (key: string) => /\.[^./]+$/.exec(key)?.[0].toLowerCase() ?? "";

/** The format a key's extension names, or undefined for files this tool ignores (images next to articles). */
export function formatOf(key: string): ArticleFormat | undefined {
  return FORMATS[extensionOf(key)];
}

/** Whether a key names an article this tool reads (others, e.g. images next to articles, are ignored). */
export function isArticleKey(key: string): boolean {
  return formatOf(key) !== undefined;
}
