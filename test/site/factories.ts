import type { Article } from "../../src/articles/article.js";

/** A fresh article each call (never a shared, mutable fixture). */
export function article(n: number, published: string, overrides: Partial<Article> = {}): Article {
  return {
    key: `a${n}.txt`,
    id: `urn:uuid:00000000-0000-5000-8000-${String(n).padStart(12, "0")}`,
    slug: `a${n}`,
    title: `Article ${n}`,
    published,
    categories: [],
    contentHtml: `<p>Body ${n}</p>`,
    meta: {},
    ...overrides,
  };
}

/** Three months of articles: January and February are closed (archived), March is the open month. */
export const threeMonths = () => [
  article(1, "2024-01-05T10:00:00Z"),
  article(2, "2024-01-20T10:00:00Z"),
  article(3, "2024-01-31T21:30:00Z"), // 1 February in Asia/Yerevan (UTC+4)
  article(6, "2024-02-10T10:00:00Z", { author: "Desk" }),
  article(4, "2024-03-02T10:00:00Z", { categories: ["Politics & Law"] }),
  article(5, "2024-03-09T10:00:00Z", { categories: ["Politics & Law"], url: "https://source.example/5" }),
];
