import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.js";
import type { Env } from "../src/env.js";
import { loadSettings } from "../src/settings/load.js";

const loadEnv = (env: Env, options: { target: "lambda" | "cli" }) => loadSettings({ env, ...options });

/** Every problem message of a rejected configuration. */
function problems(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const BAD = [
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "ftp://files.example/",
  "https://user:s3cr3t@hub.example/",
  "https://token@hub.example/",
];

describe("URLs in the configuration (published in every feed and shown in reports)", () => {
  for (const url of BAD) {
    it(`rejects ${url} as a hub, author.url and baseUrl, naming the field and never echoing it`, () => {
      const found = problems(() => parseConfig({ hubs: [url], author: { name: "Desk", url }, baseUrl: url }));
      expect(found.map((p) => p.split(":")[0]).sort()).toEqual(["author.url", "baseUrl", "hubs.0"]);
      for (const problem of found) expect(problem).not.toContain("s3cr3t");
      for (const problem of found) expect(problem).not.toContain("token@");
    });
  }

  it("accepts plain http(s) URLs", () => {
    const config = parseConfig({
      hubs: ["https://pubsubhubbub.appspot.com/", "http://127.0.0.1:8081/hub"],
      author: { name: "Desk", url: "https://news.example/desk" },
    });
    expect(config.hubs).toHaveLength(2);
    expect(config.author?.url).toBe("https://news.example/desk");
  });

  it("rejects credentials in FEED_HUBS and FEED_AUTHOR_URL on Lambda without printing them", () => {
    const found = problems(() =>
      loadEnv(
        {
          FEED_SOURCE: "s3://b/articles/",
          FEED_OUTPUT: "s3://b/public/",
          FEED_HUBS: "https://user:s3cr3t@hub.example/",
          FEED_AUTHOR_NAME: "Desk",
          FEED_AUTHOR_URL: "javascript:alert(1)",
        },
        { target: "lambda" },
      ),
    );
    expect(found.map((p) => p.split(/[ :]/)[0]).sort()).toEqual(["FEED_AUTHOR_URL", "FEED_HUBS"]);
    expect(found.join("\n")).not.toContain("s3cr3t");
  });
});
