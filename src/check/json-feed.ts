import * as z from "zod";
import { isRfc3339 } from "./dates.js";

// JSON Feed 1.1, read from https://www.jsonfeed.org/version/1.1/, never from our builder (src/feeds/): the
// conformance tests and `feed-publisher check` judge our output with it, so it must not share code with
// what it judges. Stricter than the spec in two documented places (unknown members, a lone "author").

const absoluteUrl = z.string().refine((value) => URL.canParse(value) && !/\s/.test(value), {
  message: "must be an absolute URL",
});

const rfc3339 = z.string().refine(isRfc3339, { message: "must be an RFC 3339 date-time" });

// BCP 47 / RFC 5646 shape: primary subtag of letters, then hyphen-separated alphanumeric subtags ("en_US" is not a tag).
const languageTag = z.string().regex(/^(?:[A-Za-z]{2,8}|[xXiI])(?:-[A-Za-z0-9]{1,8})*$/, {
  message: "must be a BCP 47 language tag",
});

// The spec lets publishers add members only when their names start with "_"; anything else is a typo
// (content-html, date_publised) that readers would silently ignore.
function onlyKnownMembers<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.looseObject(shape).superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!(key in shape) && !key.startsWith("_")) {
        ctx.addIssue({
          code: "custom",
          message: `unknown member (extensions must start with "_")`,
          path: [key],
        });
      }
    }
  });
}

const jsonFeedAuthor = onlyKnownMembers({
  name: z.string().optional(),
  url: absoluteUrl.optional(),
  avatar: absoluteUrl.optional(),
}).refine((author) => author.name !== undefined || author.url !== undefined || author.avatar !== undefined, {
  message: "an author needs at least one of name, url, avatar",
});

const jsonFeedAttachment = onlyKnownMembers({
  url: absoluteUrl,
  mime_type: z.string().min(1),
  title: z.string().optional(),
  size_in_bytes: z.number().nonnegative().optional(),
  duration_in_seconds: z.number().nonnegative().optional(),
});

// 1.1 replaced "author" with "authors"; a lone "author" is a 1.0 leftover that 1.1 readers may ignore.
// Stricter than the spec (which only deprecates it) on purpose: we publish 1.1 only.
function authorsNotAuthor(value: { author?: unknown; authors?: unknown }, ctx: z.RefinementCtx): void {
  if (value.author !== undefined && value.authors === undefined) {
    ctx.addIssue({
      code: "custom",
      message: `"author" without "authors" (1.1 uses "authors")`,
      path: ["author"],
    });
  }
}

const jsonFeedItem = onlyKnownMembers({
  id: z.string().min(1),
  url: absoluteUrl.optional(),
  external_url: absoluteUrl.optional(),
  title: z.string().optional(),
  content_html: z.string().optional(),
  content_text: z.string().optional(),
  summary: z.string().optional(),
  image: absoluteUrl.optional(),
  banner_image: absoluteUrl.optional(),
  date_published: rfc3339.optional(),
  date_modified: rfc3339.optional(),
  authors: z.array(jsonFeedAuthor).min(1).optional(),
  author: jsonFeedAuthor.optional(),
  tags: z.array(z.string()).optional(),
  language: languageTag.optional(),
  attachments: z.array(jsonFeedAttachment).optional(),
}).superRefine((item, ctx) => {
  if (item.content_html === undefined && item.content_text === undefined) {
    ctx.addIssue({ code: "custom", message: "content_html or content_text must be present", path: [] });
  }
  authorsNotAuthor(item, ctx);
});

export const jsonFeed11Schema = onlyKnownMembers({
  version: z.literal("https://jsonfeed.org/version/1.1"),
  title: z.string(),
  home_page_url: absoluteUrl.optional(),
  feed_url: absoluteUrl.optional(),
  description: z.string().optional(),
  user_comment: z.string().optional(),
  next_url: absoluteUrl.optional(),
  icon: absoluteUrl.optional(),
  favicon: absoluteUrl.optional(),
  authors: z.array(jsonFeedAuthor).min(1).optional(),
  author: jsonFeedAuthor.optional(),
  language: languageTag.optional(),
  expired: z.boolean().optional(),
  hubs: z.array(onlyKnownMembers({ type: z.string().min(1), url: absoluteUrl })).optional(),
  items: z.array(jsonFeedItem),
}).superRefine((feed, ctx) => {
  authorsNotAuthor(feed, ctx);
  const seen = new Set<string>();
  feed.items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({
        code: "custom",
        message: `duplicate item id ${JSON.stringify(item.id)}`,
        path: ["items", index, "id"],
      });
    }
    seen.add(item.id);
  });
});

/** Every way `text` fails JSON Feed 1.1, as "path: problem" lines; empty when it is valid. */
export function jsonFeedProblems(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return [`not JSON: ${error instanceof Error ? error.message : String(error)}`];
  }
  const parsed = jsonFeed11Schema.safeParse(json);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`);
}
