import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/publish/hash.js";
import { planSite, RENDER_VERSION } from "../../src/site/plan.js";
import { article } from "./factories.js";
import { REPO_ROOT, sampleConfig } from "./seed-site.js";

const variant = fc.record({
  title: fc.constantFrom("One", "Two", "Tom & Jerry"),
  body: fc.constantFrom("<p>a</p>", "<p>b</p>"),
  day: fc.constantFrom("05", "06"),
  month: fc.constantFrom("01", "02"),
  categories: fc.constantFrom([], ["Politics"], ["Economy", "Politics"]),
  author: fc.constantFrom(undefined, "Desk"),
});

const siteOf = (
  variants: readonly {
    title: string;
    body: string;
    day: string;
    month: string;
    categories: readonly string[];
    author: string | undefined;
  }[],
  title: string,
) =>
  planSite(
    variants.map((v, i) =>
      article(i + 1, `2024-${v.month}-${v.day}T10:00:00Z`, {
        title: v.title,
        contentHtml: v.body,
        categories: [...v.categories],
        ...(v.author ? { author: v.author } : {}),
      }),
    ),
    sampleConfig({ title, itemLimit: 2 }),
  );

describe("input digests (documents with unchanged inputs are not rendered again)", () => {
  it("equal digests always mean equal bodies, across any change of articles or settings", () => {
    fc.assert(
      fc.property(
        fc.array(variant, { minLength: 1, maxLength: 4 }),
        fc.array(variant, { minLength: 1, maxLength: 4 }),
        fc.constantFrom("Site", "Other site"),
        (a, b, title) => {
          const before = siteOf(a, "Site");
          const after = new Map(siteOf(b, title).map((d) => [d.key, d]));
          for (const doc of before) {
            const other = after.get(doc.key);
            if (other && other.inputDigest === doc.inputDigest) expect(other.body, doc.key).toBe(doc.body);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("change when the article a page shows changes", () => {
    const a = siteOf(
      [{ title: "One", body: "<p>a</p>", day: "05", month: "01", categories: [], author: undefined }],
      "Site",
    );
    const b = siteOf(
      [{ title: "One", body: "<p>b</p>", day: "05", month: "01", categories: [], author: undefined }],
      "Site",
    );
    const page = (docs: typeof a) => docs.find((d) => d.key === "articles/a1.html")?.inputDigest;
    expect(page(a)).not.toBe(page(b));
  });
});

/**
 * RENDER_VERSION guard: documents are skipped when their inputs are unchanged, so a renderer change that
 * alters output for the same input must bump RENDER_VERSION. Golden files are that output; when they change
 * (UPDATE_GOLDEN=1), the version must change too.
 */
describe("RENDER_VERSION", () => {
  const record = path.join(REPO_ROOT, "test/site/render-version.json");
  const golden = path.join(REPO_ROOT, "test/golden");
  const digest = sha256Hex(
    readdirSync(golden)
      .sort()
      .map((name) => `${name}\n${readFileSync(path.join(golden, name), "utf8")}`)
      .join("\n"),
  );

  it("is bumped whenever golden output changes", () => {
    const saved = JSON.parse(readFileSync(record, "utf8")) as { renderVersion: number; goldenDigest: string };
    if (
      process.env.UPDATE_GOLDEN === "1" &&
      saved.goldenDigest !== digest &&
      saved.renderVersion !== RENDER_VERSION
    )
      writeFileSync(
        record,
        `${JSON.stringify({ renderVersion: RENDER_VERSION, goldenDigest: digest }, null, 2)}\n`,
      );
    const current = JSON.parse(readFileSync(record, "utf8")) as {
      renderVersion: number;
      goldenDigest: string;
    };
    if (current.goldenDigest !== digest)
      throw new Error(
        `golden files changed: bump RENDER_VERSION in src/site/document-kind.ts (now ${RENDER_VERSION}), then run UPDATE_GOLDEN=1 npx vitest run test/site`,
      );
    expect(current.renderVersion).toBe(RENDER_VERSION);
  });
});

it("input digests do not depend on the key order of the article objects", () => {
  const a = article(1, "2024-01-05T10:00:00Z");
  const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
  const digests = (x: typeof a) => planSite([x], sampleConfig()).map((d) => d.inputDigest);
  expect(digests(reordered)).toEqual(digests(a));
});
