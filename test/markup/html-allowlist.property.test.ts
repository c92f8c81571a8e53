import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fc from "fast-check";
import { parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { sanitizeArticleHtml } from "../../src/markup/html.js";

/**
 * The allowlist after the sanitize-html upgrade (issue 9 item 20; 2.17.6 fixed an incomplete URI-scheme
 * check): whatever spelling a scheme takes, only absolute http(s) and mailto URLs and no event handler
 * come out.
 */
const scheme = fc.constantFrom(
  "javascript",
  "JaVaScRiPt",
  "vbscript",
  "data",
  "file",
  "java\tscript",
  "java\nscript",
);
const encodeSome = (text: string, mask: readonly boolean[]) =>
  Array.from(text, (c, i) =>
    mask[i % mask.length] ? `&#x${(c.codePointAt(0) ?? 0).toString(16)};` : c,
  ).join("");
const href = fc
  .tuple(
    fc.constantFrom("", " ", "\u0000", "\t", "&#0;"),
    scheme,
    fc.constantFrom(":", "&colon;", "&#58;", "%3A"),
    fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
  )
  .map(([lead, name, colon, mask]) => `${lead}${encodeSome(name, mask)}${colon}alert(1)`);

const BASE = "https://news.example/";

describe("the sanitiser's allowlist holds", () => {
  it("keeps no URL but http(s) and mailto, and no on* attribute, in any element", () => {
    fc.assert(
      fc.property(href, fc.constantFrom("a href", "img src", "q cite", "a title"), (url, where) => {
        const [tag, attribute] = where.split(" ") as [string, string];
        const html = sanitizeArticleHtml(
          `<${tag} ${attribute}="${url}" onclick="alert(2)" onerror="alert(3)">x</${tag}>`,
          BASE,
        );
        const walk = (nodes: ReturnType<typeof parseDocument>["children"]): void => {
          for (const node of nodes) {
            if (!("attribs" in node)) continue;
            for (const [name, value] of Object.entries(node.attribs)) {
              expect(name).not.toMatch(/^on/i);
              if (["href", "src", "cite"].includes(name)) expect(value).toMatch(/^(https?:\/\/|mailto:)/);
            }
            walk(node.children);
          }
        };
        walk(parseDocument(html).children);
      }),
      { numRuns: 400 },
    );
  });

  it("runs on a sanitize-html with the URI-scheme fix (2.17.6 or newer)", () => {
    const manifest = createRequire(import.meta.url).resolve("sanitize-html/package.json");
    const [major, minor, patch] = JSON.parse(readFileSync(manifest, "utf8")).version.split(".").map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(2_017_006);
  });
});
