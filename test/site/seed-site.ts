import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Article } from "../../src/articles/article.js";
import { parseArticle } from "../../src/articles/parse.js";
import { readingContextFor } from "../../src/articles/reading/source-rules.js";
import { type Config, parseConfig } from "../../src/config.js";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const SEEDS = path.join(REPO_ROOT, "seeds");

/** The repository's sample config, as `npm start` uses it. */
export function sampleConfig(overrides: Partial<Config> = {}): Config {
  const raw = JSON.parse(readFileSync(path.join(REPO_ROOT, "feed-publisher.config.json"), "utf8"));
  return { ...parseConfig(raw), ...overrides };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Every article under seeds/, parsed with the sample config at a fixed "now". */
export function seedArticles(config = sampleConfig()): Article[] {
  return listFiles(SEEDS)
    .sort()
    .map((file) => {
      const key = path.relative(SEEDS, file).split(path.sep).join("/");
      const result = parseArticle(key, readFileSync(file), {
        ...readingContextFor(config, key),
        baseUrl: config.baseUrl,
        now: "2026-11-29T00:00:00Z",
        futureToleranceHours: config.futureToleranceHours,
        minYear: config.minYear,
      });
      if (!result.ok) throw new Error(`seed ${key} rejected: ${result.error.reason}`);
      return result.article;
    });
}
