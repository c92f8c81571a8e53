/**
 * Keys of the documents a plan can produce (see the planners in this folder): what a run may delete
 * from the output when no plan produces it any more. Anything else there (robots.txt, images, the
 * private state) is someone else's and never touched. `archive/<YYYY-MM>/` is the month archives of
 * earlier versions (archive pages replaced them): still ours, so a run removes them.
 */
const SITE_DOCUMENT =
  /^(?:(?:categories\/[^/]+\/)?(?:rss\.xml|atom\.xml|feed\.json)|archive\/(?:\d{4}-\d{2}|[1-9]\d*)\/(?:rss\.xml|atom\.xml)|articles\/[^/]+\.html|index\.html|feeds\.opml)$/;

export const isSiteDocumentKey = (key: string): boolean => SITE_DOCUMENT.test(key);
