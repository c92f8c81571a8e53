import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ConfigError, configSchema } from "../../src/config.js";
import { CONFIG_VARIABLES, ENV_VARIABLES, type Env } from "../../src/env.js";
import { loadSettings, s3SettingsFromEnv } from "../../src/settings/load.js";
import { mergeLayers, variableLayers } from "../../src/settings/sources.js";

/** Settings from the environment alone, as the Lambda handler loads them. */
const loadEnv = (env: Env, options: { target: "lambda" | "cli" }) => loadSettings({ env, ...options });

const lambdaEnv = (overrides: Env = {}): Env => ({
  FEED_SOURCE: "s3://feeds-bucket/articles/",
  FEED_OUTPUT: "s3://feeds-bucket/public/",
  ...overrides,
});

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("loadSettings from the environment", () => {
  it("uses defaults for everything but the locations, and says which", () => {
    const settings = loadEnv(lambdaEnv(), { target: "lambda" });
    expect(settings.source).toEqual({ kind: "s3", bucket: "feeds-bucket", prefix: "articles/" });
    expect(settings.output).toEqual({ kind: "s3", bucket: "feeds-bucket", prefix: "public/" });
    expect(settings.config.itemLimit).toBe(50);
    expect(settings.defaultsUsed).toEqual(Object.keys(configSchema.shape));
    expect(settings.s3).toEqual({});
  });

  it("reads one variable per config field", () => {
    const settings = loadEnv(
      lambdaEnv({
        FEED_TITLE: "Armenian News",
        FEED_DESCRIPTION: "Daily",
        FEED_BASE_URL: "https://feeds.example.com/news",
        FEED_LANGUAGE: "hy-AM",
        FEED_AUTHOR_NAME: "Desk",
        FEED_AUTHOR_EMAIL: "desk@example.com",
        FEED_AUTHOR_URL: "https://news.example/desk",
        FEED_TIME_ZONE: "Asia/Yerevan",
        FEED_ITEM_LIMIT: "20",
        FEED_ARCHIVE_PAGE_SIZE: "100",
        FEED_CRUFT_PATTERNS: '["^share$", "^views: \\\\d+$"]',
        FEED_FALLBACK_TO_MODIFIED_TIME: "yes",
        FEED_BUILTIN_CRUFT_PATTERNS: "no",
        FEED_UNDATED: "reject",
        FEED_DATE_ORDER: "MDY",
        FEED_DETECT_LANGUAGE: "true",
        FEED_SOURCES: '[{"match": "us/", "timeZone": "America/New_York", "dateOrder": "MDY"}]',
        FEED_MAX_ARTICLE_BYTES: "1048576",
        FEED_MAX_MARKDOWN_BYTES: "100000",
        FEED_MAX_FEED_CONTENT_BYTES: "32768",
        FEED_FUTURE_TOLERANCE_HOURS: "1.5",
        FEED_MIN_YEAR: "2000",
        FEED_HUBS: " https://pubsubhubbub.appspot.com/ , https://hub.example.com/ ,",
        FEED_MAX_AGE_SECONDS: "60",
        FEED_PAGE_MAX_AGE_SECONDS: "0",
        FEED_MAX_UNPUBLISH_SHARE: "0.25",
        FEED_CATEGORY_FEEDS: "Politics, Economy",
        FEED_CHECKPOINT_SECONDS: "12",
        FEED_DEADLINE_MARGIN_SECONDS: "20",
      }),
      { target: "lambda" },
    );
    expect(settings.config).toEqual({
      title: "Armenian News",
      description: "Daily",
      baseUrl: "https://feeds.example.com/news/",
      language: "hy-AM",
      author: { name: "Desk", email: "desk@example.com", url: "https://news.example/desk" },
      timeZone: "Asia/Yerevan",
      itemLimit: 20,
      archivePageSize: 100,
      cruftPatterns: ["^share$", "^views: \\d+$"],
      fallbackToModifiedTime: true,
      builtinCruftPatterns: false,
      undated: "reject",
      dateOrder: "MDY",
      detectLanguage: true,
      sources: [{ match: "us/", timeZone: "America/New_York", dateOrder: "MDY" }],
      maxArticleBytes: 1_048_576,
      maxMarkdownBytes: 100_000,
      maxFeedContentBytes: 32_768,
      futureToleranceHours: 1.5,
      minYear: 2000,
      hubs: ["https://pubsubhubbub.appspot.com/", "https://hub.example.com/"],
      feedMaxAgeSeconds: 60,
      pageMaxAgeSeconds: 0,
      maxUnpublishShare: 0.25,
      categoryFeeds: ["Politics", "Economy"],
      checkpointSeconds: 12,
      deadlineMarginSeconds: 20,
    });
    expect(settings.defaultsUsed).toEqual([]);
  });

  it("has a variable for every config field", () => {
    const covered = new Set(CONFIG_VARIABLES.map((v) => v.field[0]));
    expect([...covered].sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it("takes FEED_CONFIG as the base and lets single variables override it", () => {
    const settings = loadEnv(
      lambdaEnv({
        FEED_CONFIG: JSON.stringify({
          title: "From JSON",
          itemLimit: 10,
          author: { name: "A", url: "https://a.example/" },
        }),
        FEED_ITEM_LIMIT: "30",
        FEED_AUTHOR_EMAIL: "a@example.com",
      }),
      { target: "lambda" },
    );
    expect(settings.config.title).toBe("From JSON");
    expect(settings.config.itemLimit).toBe(30);
    expect(settings.config.author).toEqual({ name: "A", url: "https://a.example/", email: "a@example.com" });
    expect(settings.defaultsUsed).not.toContain("title");
  });

  it("treats empty values as unset, as deployment templates pass blank parameters", () => {
    const settings = loadEnv(lambdaEnv({ FEED_HUBS: "", FEED_BASE_URL: "  ", FEED_ITEM_LIMIT: "" }), {
      target: "lambda",
    });
    expect(settings.config.hubs).toEqual([]);
    expect(settings.config.baseUrl).toBe("http://localhost:8080/");
    expect(settings.defaultsUsed).toContain("hubs");
  });

  it("names every bad variable in one ConfigError", () => {
    const problems = problemsOf(() =>
      loadEnv(
        {
          FEED_SOURCE: "public",
          FEED_OUTPUT: "s3://",
          FEED_BASE_URL: "ftp://example.com/",
          FEED_LANGUAGE: "english please",
          FEED_AUTHOR_EMAIL: "not-an-email",
          FEED_TIME_ZONE: "Mars/Olympus",
          FEED_ITEM_LIMIT: "fifty",
          FEED_CRUFT_PATTERNS: "[unclosed",
          FEED_FALLBACK_TO_MODIFIED_TIME: "maybe",
          FEED_MAX_ARTICLE_BYTES: "1.5",
          FEED_FUTURE_TOLERANCE_HOURS: "-3",
          FEED_MIN_YEAR: "1900",
          FEED_HUBS: "https://ok.example/,not a url",
          FEED_MAX_AGE_SECONDS: "5m",
          FEED_PAGE_MAX_AGE_SECONDS: "Infinity",
          FEED_S3_ENDPOINT: "localhost:9000",
          FEED_S3_FORCE_PATH_STYLE: "sometimes",
          FEED_ITEMS_LIMIT: "10",
        },
        { target: "lambda" },
      ),
    );
    const named = (name: string) =>
      problems.filter((p) => p.startsWith(`${name}:`) || p.startsWith(`${name} (`));
    for (const name of [
      "FEED_SOURCE",
      "FEED_OUTPUT",
      "FEED_BASE_URL",
      "FEED_LANGUAGE",
      "FEED_AUTHOR_EMAIL",
      "FEED_AUTHOR_NAME",
      "FEED_TIME_ZONE",
      "FEED_ITEM_LIMIT",
      "FEED_CRUFT_PATTERNS",
      "FEED_FALLBACK_TO_MODIFIED_TIME",
      "FEED_MAX_ARTICLE_BYTES",
      "FEED_FUTURE_TOLERANCE_HOURS",
      "FEED_MIN_YEAR",
      "FEED_HUBS",
      "FEED_MAX_AGE_SECONDS",
      "FEED_PAGE_MAX_AGE_SECONDS",
      "FEED_S3_ENDPOINT",
      "FEED_S3_FORCE_PATH_STYLE",
      "FEED_ITEMS_LIMIT",
    ]) {
      expect(named(name), `${name} in:\n${problems.join("\n")}`).toHaveLength(1);
    }
    expect(problems).toHaveLength(19);
    // No problem is reported under a config field name the user never typed.
    expect(problems.every((p) => /^FEED_[A-Z0-9_]+[: (]/.test(p))).toBe(true);
    expect(named("FEED_SOURCE")[0]).toMatch(/must be an s3:\/\/bucket\/prefix\/ URL in Lambda/);
    expect(named("FEED_OUTPUT")[0]).toMatch(/no bucket name/);
    expect(named("FEED_ITEM_LIMIT")[0]).toBe('FEED_ITEM_LIMIT: "fifty" is not a number');
    expect(named("FEED_MAX_ARTICLE_BYTES")[0]).toBe("FEED_MAX_ARTICLE_BYTES: must be a whole number");
    expect(named("FEED_FALLBACK_TO_MODIFIED_TIME")[0]).toMatch(/"maybe" is not true or false/);
    expect(named("FEED_HUBS")[0]).toMatch(/^FEED_HUBS \(item 2\): /);
    expect(named("FEED_AUTHOR_NAME")[0]).toBe(
      "FEED_AUTHOR_NAME: required when FEED_AUTHOR_EMAIL or FEED_AUTHOR_URL is set",
    );
    expect(named("FEED_ITEMS_LIMIT")[0]).toBe(
      "FEED_ITEMS_LIMIT: unknown variable; did you mean FEED_ITEM_LIMIT?",
    );
  });

  it("reports range problems from the schema under the variable's name", () => {
    const problems = problemsOf(() => loadEnv(lambdaEnv({ FEED_ITEM_LIMIT: "0" }), { target: "lambda" }));
    expect(problems).toEqual(["FEED_ITEM_LIMIT: must be at least 1"]);
    const pages = problemsOf(() =>
      loadEnv(lambdaEnv({ FEED_CONFIG: JSON.stringify({ archivePageSize: 0 }) }), { target: "lambda" }),
    );
    expect(pages).toEqual([expect.stringMatching(/^FEED_CONFIG \(archivePageSize\): /)]);
  });

  it("names FEED_CONFIG and the path inside it for problems that came from it", () => {
    const problems = problemsOf(() =>
      loadEnv(lambdaEnv({ FEED_CONFIG: JSON.stringify({ itemLimit: "ten", hubs: ["x"], colour: "blue" }) }), {
        target: "lambda",
      }),
    );
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(expect.stringMatching(/^FEED_CONFIG \(itemLimit\): /));
    expect(problems).toContainEqual(expect.stringMatching(/^FEED_CONFIG \(hubs\.0\): /));
    expect(problems).toContainEqual("FEED_CONFIG: unknown key colour");
  });

  it("reports FEED_CONFIG that is not a JSON object", () => {
    expect(problemsOf(() => loadEnv(lambdaEnv({ FEED_CONFIG: "{title:" }), { target: "lambda" }))).toEqual([
      expect.stringMatching(/^FEED_CONFIG: not valid JSON/),
    ]);
    expect(problemsOf(() => loadEnv(lambdaEnv({ FEED_CONFIG: "[1]" }), { target: "lambda" }))).toEqual([
      'FEED_CONFIG: must be a JSON object of settings, e.g. {"title": "News"}',
    ]);
  });

  it("requires both locations in Lambda and defaults them for the CLI", () => {
    expect(problemsOf(() => loadEnv({}, { target: "lambda" }))).toEqual([
      "FEED_SOURCE: required; set it to an s3://bucket/prefix/ URL",
      "FEED_OUTPUT: required; set it to an s3://bucket/prefix/ URL",
    ]);
    const cli = loadEnv({}, { target: "cli" });
    expect(cli.source).toEqual({ kind: "fs", path: "seeds" });
    expect(cli.output).toEqual({ kind: "fs", path: "public" });
  });

  it.each([
    ["s3://b/", "s3://b/public/"],
    ["s3://b/articles/", "s3://b/articles/public/"],
    ["s3://b/site/articles/", "s3://b/site/"],
    ["s3://b/x/", "s3://b/x"],
  ])("refuses an output that overlaps the source (%s, %s)", (source, output) => {
    expect(
      problemsOf(() => loadEnv({ FEED_SOURCE: source, FEED_OUTPUT: output }, { target: "lambda" })),
    ).toEqual([expect.stringMatching(/^FEED_OUTPUT: .* overlaps FEED_SOURCE /)]);
  });

  it("accepts sibling prefixes and folders, even when one name starts with the other", () => {
    expect(() =>
      loadEnv(
        { FEED_SOURCE: "s3://b/articles/", FEED_OUTPUT: "s3://b/articles-public/" },
        { target: "lambda" },
      ),
    ).not.toThrow();
    expect(() =>
      loadEnv({ FEED_SOURCE: "s3://a/x/", FEED_OUTPUT: "s3://b/x/" }, { target: "lambda" }),
    ).not.toThrow();
    expect(() =>
      loadEnv({ FEED_SOURCE: "seeds", FEED_OUTPUT: "seeds-out" }, { target: "cli" }),
    ).not.toThrow();
    expect(() => loadEnv({ FEED_SOURCE: "seeds", FEED_OUTPUT: "./seeds/out" }, { target: "cli" })).toThrow(
      /FEED_OUTPUT: the folder \.\/seeds\/out overlaps FEED_SOURCE seeds/,
    );
  });

  it("reads the S3 client settings; a custom endpoint asks for checksums only where required", () => {
    const settings = loadEnv(
      lambdaEnv({
        AWS_REGION: "eu-central-1",
        FEED_S3_ENDPOINT: "http://127.0.0.1:9000",
        FEED_S3_FORCE_PATH_STYLE: "true",
      }),
      { target: "lambda" },
    );
    expect(settings.s3).toEqual({
      region: "eu-central-1",
      endpoint: "http://127.0.0.1:9000",
      forcePathStyle: true,
      checksumWhenRequired: true,
    });
  });

  it("ignores variables outside its FEED_ namespace", () => {
    expect(() =>
      loadEnv(lambdaEnv({ PATH: "/bin", AWS_LAMBDA_FUNCTION_NAME: "x", FEEDBACK: "y" }), {
        target: "lambda",
      }),
    ).not.toThrow();
  });
});

describe("s3SettingsFromEnv", () => {
  it("reads only the S3 variables, for commands that only read a store", () => {
    expect(s3SettingsFromEnv({ FEED_S3_ENDPOINT: "http://127.0.0.1:9000", FEED_ITEM_LIMIT: "x" })).toEqual({
      endpoint: "http://127.0.0.1:9000",
      checksumWhenRequired: true,
    });
    expect(problemsOf(() => s3SettingsFromEnv({ FEED_S3_FORCE_PATH_STYLE: "sometimes" }))).toEqual([
      'FEED_S3_FORCE_PATH_STYLE: "sometimes" is not true or false',
    ]);
  });
});

describe("variableLayers", () => {
  it("returns only what was set, so defaults are still reported as defaults", () => {
    expect(mergeLayers(variableLayers({ FEED_TITLE: "T", FEED_HUBS: "" }).layers).raw).toEqual({
      title: "T",
    });
  });
});

describe("loadSettings from every place at once", () => {
  const files: Record<string, string> = {
    "site.json": JSON.stringify({
      title: "From file",
      itemLimit: 5,
      timeZone: "Asia/Yerevan",
      language: "hy",
    }),
    "typo.json": JSON.stringify({
      title: "T",
      baseURL: "https://x.example/",
      author: { name: "A", mail: "a@x.example" },
    }),
    "broken.json": '{\n  "title": "T",\n  "itemLimit" 5\n}\n',
    "list.json": "[1, 2]",
  };
  const readTextFile = (file: string) => {
    const text = files[file];
    if (text === undefined) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
    return text;
  };

  it("merges file < FEED_CONFIG < FEED_* variables < flags, and reports only untouched keys as defaults", () => {
    const settings = loadSettings({
      env: { FEED_CONFIG: JSON.stringify({ itemLimit: 7, language: "en" }), FEED_ITEM_LIMIT: "9" },
      flags: { config: "site.json", timeZone: "UTC" },
      target: "cli",
      readTextFile,
    });
    expect(settings.config.title).toBe("From file");
    expect(settings.config.language).toBe("en");
    expect(settings.config.itemLimit).toBe(9);
    expect(settings.config.timeZone).toBe("UTC");
    expect(settings.defaultsUsed).not.toContain("title");
    expect(settings.defaultsUsed).toContain("hubs");
  });

  it("takes a config file on Lambda-style runs through FEED_CONFIG_FILE, as --config does for the CLI", () => {
    const settings = loadSettings({
      env: lambdaEnv({ FEED_CONFIG_FILE: "site.json" }),
      target: "lambda",
      readTextFile,
    });
    expect(settings.config.title).toBe("From file");
  });

  it("names the config file and suggests the key meant for an unknown one", () => {
    const problems = problemsOf(() =>
      loadSettings({ env: {}, flags: { config: "typo.json" }, target: "cli", readTextFile }),
    );
    expect(problems).toEqual([
      "typo.json: unknown key author.mail; did you mean author.email?",
      "typo.json: unknown key baseURL; did you mean baseUrl?",
    ]);
  });

  it("gives the line and column of invalid JSON in a config file, and names a file it cannot read", () => {
    expect(
      problemsOf(() =>
        loadSettings({ env: {}, flags: { config: "broken.json" }, target: "cli", readTextFile }),
      ),
    ).toEqual([expect.stringMatching(/^broken\.json: not valid JSON at line 3, column 15/)]);
    expect(
      problemsOf(() =>
        loadSettings({ env: {}, flags: { config: "gone.json" }, target: "cli", readTextFile }),
      ),
    ).toEqual(["gone.json: cannot read the config file (ENOENT)"]);
    expect(
      problemsOf(() =>
        loadSettings({ env: {}, flags: { config: "list.json" }, target: "cli", readTextFile }),
      ),
    ).toEqual([expect.stringMatching(/^list\.json: must be a JSON object/)]);
  });

  it("names a bad value by the file and path it came from, in plain words", () => {
    files["bad.json"] = JSON.stringify({ itemLimit: 0, hubs: "https://hub.example/" });
    expect(
      problemsOf(() => loadSettings({ env: {}, flags: { config: "bad.json" }, target: "cli", readTextFile })),
    ).toEqual(["bad.json (itemLimit): must be at least 1", "bad.json (hubs): must be a list, not string"]);
  });

  it("lets flags name the locations, and FEED_SOURCE / FEED_OUTPUT stand in for them on the CLI", () => {
    const fromEnv = loadSettings({ env: { FEED_SOURCE: "in", FEED_OUTPUT: "out" }, target: "cli" });
    expect([fromEnv.source, fromEnv.output]).toEqual([
      { kind: "fs", path: "in" },
      { kind: "fs", path: "out" },
    ]);
    const fromFlags = loadSettings({
      env: { FEED_SOURCE: "in" },
      flags: { from: "articles", to: "site" },
      target: "cli",
    });
    expect(fromFlags.source).toEqual({ kind: "fs", path: "articles" });
    expect(
      problemsOf(() => loadSettings({ env: {}, flags: { from: "a", to: "a/out" }, target: "cli" })),
    ).toEqual([expect.stringMatching(/^--to: the folder a\/out overlaps --from a/)]);
  });
});

describe("documentation", () => {
  it("docs/configuration.md and README.md name every variable", async () => {
    for (const file of ["../../docs/configuration.md", "../../README.md"]) {
      const docs = await readFile(new URL(file, import.meta.url), "utf8");
      for (const name of ENV_VARIABLES) expect(docs, `${file}: ${name}`).toContain(`\`${name}\``);
    }
  });
});
