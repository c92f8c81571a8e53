import { describe, expect, it } from "vitest";
import { articleId, slugForKey, slugify, uuidV5 } from "../../src/articles/ids.js";

const DNS_NAMESPACE = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SLUG = /^[a-z0-9_-]+$/;

describe("uuidV5", () => {
  // RFC 9562 appendix A.4: the DNS namespace with the name "www.example.com".
  it("matches the RFC 9562 test vector", () => {
    expect(uuidV5("www.example.com", DNS_NAMESPACE)).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("accepts the namespace in upper case", () => {
    expect(uuidV5("www.example.com", DNS_NAMESPACE.toUpperCase())).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("is a version 5, RFC variant UUID, stable for the same name", () => {
    const id = uuidV5("key:politics/a.txt");
    expect(id).toMatch(UUID_V5);
    expect(uuidV5("key:politics/a.txt")).toBe(id);
  });

  it("differs for different names and namespaces", () => {
    expect(uuidV5("a")).not.toBe(uuidV5("b"));
    expect(uuidV5("a", DNS_NAMESPACE)).not.toBe(uuidV5("a"));
  });

  it("hashes the UTF-8 bytes of the name (NFC and NFD names differ)", () => {
    expect(uuidV5("caf\u00e9")).not.toBe(uuidV5("cafe\u0301"));
  });
});

describe("articleId", () => {
  it("derives a urn:uuid from the key", () => {
    expect(articleId("politics/a.txt")).toMatch(/^urn:uuid:/);
    expect(articleId("politics/a.txt").slice("urn:uuid:".length)).toMatch(UUID_V5);
    expect(articleId("politics/a.txt")).toBe(articleId("politics/a.txt"));
    expect(articleId("politics/a.txt")).not.toBe(articleId("politics/b.txt"));
  });

  it("keeps a source id that is already a URI", () => {
    for (const id of [
      "https://news.example/a",
      "urn:isbn:0451450523",
      "tag:news.example,2022:a",
      "mailto:a@b.example",
    ]) {
      expect(articleId("a.json", id)).toBe(id);
    }
  });

  it("maps a non-URI source id to a urn:uuid independent of the key", () => {
    for (const id of ["abc", "12:30", "has space: x", "", "/relative/path"]) {
      const fromA = articleId("a.json", id);
      expect(fromA, id).toMatch(/^urn:uuid:/);
      expect(articleId("b/c.json", id), id).toBe(fromA);
    }
  });

  it("does not confuse a source id with a key of the same text", () => {
    expect(articleId("x", "abc")).not.toBe(articleId("abc"));
  });
});

describe("slugify", () => {
  it("folds accents and case to ASCII", () => {
    expect(slugify("Café Crème")).toBe("cafe-creme");
  });

  it("transliterates Armenian and Cyrillic into readable Latin", () => {
    expect(slugify("Ռուսերեն")).toBe("rusyeryen");
    expect(slugify("Новости мира")).toBe("novosti-mira");
  });

  it("is empty when nothing usable remains", () => {
    expect(slugify("---")).toBe("");
    expect(slugify("😀")).toBe("");
  });
});

describe("slugForKey", () => {
  it("keeps a clean file name", () => {
    expect(slugForKey("000_835090aee9fb4387.txt")).toBe("000_835090aee9fb4387");
    expect(slugForKey("a-b.txt")).toBe("a-b");
  });

  it("hashes a clean name shaped like a hashed slug, so it never takes another article's page", () => {
    const victim = slugForKey("politics/victim.json");
    expect(slugForKey(`${victim}.txt`)).not.toBe(victim);
    expect(slugForKey(`${victim}.txt`)).toMatch(new RegExp(`^${victim}-[0-9a-f]{10}$`));
    expect(slugForKey("0123456789.txt")).not.toBe("0123456789");
    expect(slugForKey("news-2024-abc.txt")).toBe("news-2024-abc");
  });

  const keys = [
    "a/b.txt",
    "a-b.txt",
    "a_b.txt",
    "a b.txt",
    "A-B.txt",
    "a/b.md",
    "../x.txt",
    "./x.txt",
    "x.txt",
    "a\\b.txt",
    "Ռուսերեն.txt",
    "Новости.txt",
    "新闻.txt",
    "é.txt",
    "e\u0301.txt",
    "e.txt",
    ".txt",
    "😀.txt",
    `${"x".repeat(500)}.txt`,
    `${"x".repeat(499)}y.txt`,
    `${"Ա".repeat(500)}.txt`,
    `politics/${"long-name-".repeat(50)}.txt`,
  ];

  it("is ASCII [a-z0-9_-], non-empty and at most 100 characters for every key", () => {
    for (const key of keys) {
      const slug = slugForKey(key);
      expect(slug, key).toMatch(SLUG);
      expect(slug.length, key).toBeLessThanOrEqual(100);
    }
  });

  it("is stable", () => {
    for (const key of keys) expect(slugForKey(key), key).toBe(slugForKey(key));
  });

  it("is distinct for distinct keys", () => {
    const slugs = keys.map(slugForKey);
    // a/b.txt and a/b.md share a stem on purpose; dedupeArticles separates those.
    const distinctKeys = keys.filter((key) => key !== "a/b.md");
    expect(new Set(distinctKeys.map(slugForKey)).size).toBe(distinctKeys.length);
    expect(slugs).toContain(slugForKey("a-b.txt"));
    expect(slugForKey("a/b.txt")).not.toBe(slugForKey("a-b.txt"));
    expect(slugForKey("../x.txt")).not.toBe(slugForKey("x.txt"));
    expect(slugForKey("é.txt")).not.toBe(slugForKey("e.txt"));
    expect(slugForKey(`${"x".repeat(500)}.txt`)).not.toBe(slugForKey(`${"x".repeat(499)}y.txt`));
  });

  it("never lets a path escape the articles folder", () => {
    for (const key of ["../x.txt", "../../etc/passwd.txt", "a/../../b.txt"]) {
      const slug = slugForKey(key);
      expect(slug).not.toContain("/");
      expect(slug).not.toContain("..");
    }
  });
});
