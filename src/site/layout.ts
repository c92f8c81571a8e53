/**
 * Keys of the documents a plan can produce (see the planners in this folder): what a run may delete
 * from the output when no plan produces it any more. Anything else there (robots.txt, images, the
 * private state) is someone else's and never touched.
 */
const SITE_DOCUMENT =
  /^(?:(?:categories\/[^/]+\/)?(?:rss\.xml|atom\.xml|feed\.json)|archive\/\d{4}-\d{2}\/(?:rss\.xml|atom\.xml)|articles\/[^/]+\.html|index\.html|feeds\.opml)$/;

export const isSiteDocumentKey = (key: string): boolean => SITE_DOCUMENT.test(key);
