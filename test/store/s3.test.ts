import { createHash } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredDocument } from "../../src/publish/ports.js";
import { ArticleRefusedError, PreconditionFailedError } from "../../src/publish/ports.js";
import { S3ArticleSource, S3FeedStore, S3StoreError } from "../../src/store/s3.js";
import { createS3Client } from "../../src/store/s3-client.js";
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from "../e2e/s3-server.js";

const BUCKET = "store-tests";
const encoder = new TextEncoder();

let server: S3TestServer;
let client: S3Client;

beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
  client = server.client();
});

afterAll(async () => {
  await server?.stop();
});

function makeDocument(key: string, text: string, overrides: Partial<StoredDocument> = {}): StoredDocument {
  const body = encoder.encode(text);
  return {
    key,
    body,
    contentType: "application/rss+xml; charset=utf-8",
    cacheControl: "public, max-age=300",
    sha256: createHash("sha256").update(body).digest("hex"),
    ...overrides,
  };
}

async function put(key: string, text: string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: encoder.encode(text) }));
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(run));
  }
}

/** Fault injection only: a client whose `send` is scripted, for answers s3rver cannot give (412, per-key errors). */
function scriptedClient(answer: (command: { input: Record<string, unknown> }) => unknown) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const fake = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      sent.push({ name: command.constructor.name, input: command.input });
      const result = answer(command);
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return { client: fake as unknown as S3Client, sent };
}

function serviceError(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: "client",
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

describe("S3ArticleSource", () => {
  const many = Array.from({ length: 1_100 }, (_, i) => `many/${String(i).padStart(4, "0")}.txt`);

  beforeAll(async () => {
    await inBatches(many, 50, (key) => put(key, `article ${key}`));
    // Folder placeholders as the S3 console creates them, a hidden file, and a key outside the prefix.
    await put("many/", "");
    await put("many/sub/", "");
    await put("many/.DS_Store", "junk");
    await put("many-other/outside.txt", "not under the prefix");
  });

  it("lists more than 1,000 keys across pages, relative to the prefix, without placeholders", async () => {
    const source = new S3ArticleSource(client, BUCKET, "many/");
    const entries = await source.list();
    expect(entries).toHaveLength(1_100);
    expect(entries.map((e) => e.key)).toEqual(many.map((k) => k.slice("many/".length)));
    const first = entries[0];
    expect(first?.size).toBe(encoder.encode(`article ${many[0]}`).length);
    expect(first?.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(new Date(first?.lastModified ?? "").toISOString()).toBe(first?.lastModified);
    expect(source.location).toBe(`s3://${BUCKET}/many/`);
  });

  it("adds the trailing slash a prefix needs, so many/ never matches many-other/", async () => {
    const entries = await new S3ArticleSource(client, BUCKET, "many").list();
    expect(entries).toHaveLength(1_100);
    expect(entries.some((e) => e.key.includes("outside"))).toBe(false);
  });

  it("reads an object's bytes", async () => {
    await put("read/a.txt", "héllo");
    const bytes = await new S3ArticleSource(client, BUCKET, "read/").read("a.txt");
    expect(new TextDecoder().decode(bytes)).toBe("héllo");
  });

  it("stops reading past maxBytes: an object that grew after listing is refused, never read whole", async () => {
    const source = new S3ArticleSource(client, BUCKET, "grow/");
    await put("grow/a.txt", "small");
    const [listed] = await source.list();
    await put("grow/a.txt", "x".repeat(3 * 1024 * 1024));
    const error = await source.read("a.txt", { maxBytes: (listed?.size ?? 0) + 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArticleRefusedError);
    expect((error as ArticleRefusedError).reason).toBe("too large: more than 15 bytes when read");
    expect(new TextDecoder().decode(await source.read("a.txt", { maxBytes: 4 * 1024 * 1024 }))).toHaveLength(
      3 * 1024 * 1024,
    );
  });

  it("names the key when a listed article vanished before it was read", async () => {
    const error = await new S3ArticleSource(client, BUCKET, "read/")
      .read("gone.txt")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3StoreError);
    expect((error as S3StoreError).message).toBe(
      `cannot read s3://${BUCKET}/read/gone.txt: the object does not exist (NoSuchKey)`,
    );
    expect((error as S3StoreError).key).toBe("read/gone.txt");
    expect((error as S3StoreError).cause).toBeDefined();
  });

  it("fails with a clear message when the bucket does not exist", async () => {
    const source = new S3ArticleSource(client, "no-such-bucket", "articles/");
    await expect(source.list()).rejects.toThrow(
      "cannot list s3://no-such-bucket/articles/: the bucket does not exist (NoSuchBucket)",
    );
    await expect(source.list()).rejects.toMatchObject({
      name: "S3StoreError",
      bucket: "no-such-bucket",
      code: "NoSuchBucket",
    });
  });

  it("fails with a clear message when the access key is unknown", async () => {
    const source = new S3ArticleSource(
      server.client({ accessKeyId: "WRONG", secretAccessKey: "WRONG" }),
      BUCKET,
      "many/",
    );
    const error = (await source.list().catch((e: unknown) => e)) as S3StoreError;
    expect(error.name).toBe("S3StoreError");
    expect(error.code).toBe("InvalidAccessKeyId");
    expect(error.message).toMatch(/^cannot list s3:\/\/store-tests\/many\/: the access key id is not known/);
    expect(error.message).not.toContain("WRONG");
  });
});

describe("S3FeedStore", () => {
  it("writes with content type, cache control and sha256 metadata, and reads back body and ETag", async () => {
    const store = new S3FeedStore(client, BUCKET, "site/");
    const doc = makeDocument("rss.xml", "<rss/>");
    await store.write(doc);

    const raw = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "site/rss.xml" }));
    expect(raw.ContentType).toBe("application/rss+xml; charset=utf-8");
    expect(raw.CacheControl).toBe("public, max-age=300");
    expect(raw.Metadata).toEqual({ sha256: doc.sha256 });
    expect(await raw.Body?.transformToString()).toBe("<rss/>");

    const stored = await store.read("rss.xml");
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "site/rss.xml" }));
    expect(new TextDecoder().decode(stored?.body)).toBe("<rss/>");
    expect(stored?.etag).toBe(head.ETag);
  });

  it("stores bytes verbatim (no aws-chunked framing leaks into the object)", async () => {
    const store = new S3FeedStore(client, BUCKET, "site/");
    const body = new Uint8Array(70_000).map((_, i) => i % 251);
    await store.write(makeDocument("bin/blob", "", { body, contentType: "application/octet-stream" }));
    expect((await store.read("bin/blob"))?.body).toEqual(body);
  });

  it("lists every key under its prefix, relative to it, across pages", async () => {
    const store = new S3FeedStore(client, BUCKET, "listed/");
    const keys = Array.from({ length: 1_005 }, (_, i) => `articles/p${String(i).padStart(4, "0")}.html`);
    for (let i = 0; i < keys.length; i += 50)
      await Promise.all(keys.slice(i, i + 50).map((key) => store.write(makeDocument(key, "x"))));
    await new S3FeedStore(client, BUCKET, "listed-elsewhere/").write(makeDocument("rss.xml", "x"));
    expect((await store.list()).sort()).toEqual(keys);
  });

  it("lists everything but the private run state, starting a second listing past it", async () => {
    const store = new S3FeedStore(client, BUCKET, "with-state/");
    const published = [
      "0.txt",
      "Z.html",
      "_other/x",
      "_stat",
      "_state0",
      "_statez",
      "feed.json",
      "zz/ü.html",
    ];
    const state = [
      "_state/manifest.json",
      ...Array.from({ length: 30 }, (_, i) => `_state/articles/${i}.json`),
    ];
    await Promise.all([...published, ...state].map((key) => store.write(makeDocument(key, "x"))));
    const requested: unknown[] = [];
    const spy =
      (next: (args: unknown) => Promise<unknown>) => async (args: { input: { StartAfter?: string } }) => {
        requested.push(args.input.StartAfter);
        return next(args);
      };
    client.middlewareStack.add(spy as never, { step: "initialize", name: "listSpy" });
    try {
      // Every key but `_state0` (the bound itself, never one of ours) and those under `_state/`.
      expect((await store.list()).sort()).toEqual(published.filter((key) => key !== "_state0").sort());
    } finally {
      client.middlewareStack.remove("listSpy");
    }
    expect(requested).toContain("with-state/_state0");
  });

  it("answers undefined for a missing key", async () => {
    expect(await new S3FeedStore(client, BUCKET, "site/").read("_state/manifest.json")).toBeUndefined();
  });

  it("never mistakes a missing bucket for a missing key", async () => {
    const store = new S3FeedStore(client, "no-such-bucket", "");
    await expect(store.read("_state/manifest.json")).rejects.toThrow(
      "cannot read s3://no-such-bucket/_state/manifest.json: the bucket does not exist (NoSuchBucket)",
    );
    await expect(store.write(makeDocument("rss.xml", "x"))).rejects.toThrow(
      "cannot write s3://no-such-bucket/rss.xml: the bucket does not exist (NoSuchBucket)",
    );
  });

  it("fails with a clear message when the access key is unknown", async () => {
    const store = new S3FeedStore(
      server.client({ accessKeyId: "WRONG", secretAccessKey: "x" }),
      BUCKET,
      "site/",
    );
    await expect(store.write(makeDocument("rss.xml", "x"))).rejects.toThrow(
      /^cannot write s3:\/\/store-tests\/site\/rss\.xml: the access key id is not known .*\(InvalidAccessKeyId\)$/,
    );
  });

  it("deletes in batches of 1,000 and leaves other keys alone", async () => {
    const keys = Array.from({ length: 1_005 }, (_, i) => `old/${i}.html`);
    await inBatches(keys, 50, (key) => put(`del/${key}`, "x"));
    // s3rver removes emptied folders after each delete without locking, so concurrent deletes that empty
    // a folder race and answer InternalError; a survivor in the folder keeps the test about our batching.
    await put("del/old/keep.html", "keep");
    const batches: number[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "DeleteObjectsCommand") {
          batches.push((args.input as { Delete: { Objects: unknown[] } }).Delete.Objects.length);
        }
        return next(args);
      },
      { step: "initialize", name: "countDeleteBatches" },
    );
    try {
      await new S3FeedStore(client, BUCKET, "del/").delete([...keys, "never-existed.html"]);
    } finally {
      client.middlewareStack.remove("countDeleteBatches");
    }
    expect(batches).toEqual([1_000, 6]);
    const left = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "del/" }));
    expect(left.Contents?.map((o) => o.Key)).toEqual(["del/old/keep.html"]);
  });

  it("makes no request for an empty delete", async () => {
    const { client: fake, sent } = scriptedClient(() => ({}));
    await new S3FeedStore(fake, BUCKET, "site/").delete([]);
    expect(sent).toEqual([]);
  });

  it("reports every key DeleteObjects could not delete", async () => {
    const { client: fake } = scriptedClient(() => ({
      Errors: [
        { Key: "site/a.html", Code: "AccessDenied", Message: "Access Denied" },
        { Key: "site/b.html", Code: "InternalError", Message: "try again" },
      ],
    }));
    const error = (await new S3FeedStore(fake, BUCKET, "site/")
      .delete(["a.html", "b.html", "c.html"])
      .catch((e: unknown) => e)) as S3StoreError;
    expect(error).toBeInstanceOf(S3StoreError);
    expect(error.failures).toEqual([
      { key: "a.html", code: "AccessDenied", message: "Access Denied" },
      { key: "b.html", code: "InternalError", message: "try again" },
    ]);
    expect(error.message).toBe(
      `cannot delete 2 object(s) under s3://${BUCKET}/site/: a.html (AccessDenied), b.html (InternalError)`,
    );
  });

  describe("conditional writes", () => {
    it("sends If-Match with an etag and If-None-Match: * for null over the wire", async () => {
      const headers: Record<string, string>[] = [];
      const recording = server.client();
      recording.middlewareStack.add(
        (next) => async (args) => {
          headers.push({ ...(args.request as { headers: Record<string, string> }).headers });
          return next(args);
        },
        { step: "finalizeRequest", name: "recordHeaders" },
      );
      const store = new S3FeedStore(recording, BUCKET, "cond/");
      await store.write(makeDocument("_state/manifest.json", "{}"), { ifMatch: null });
      const etag = (await store.read("_state/manifest.json"))?.etag ?? "";
      await store.write(makeDocument("_state/manifest.json", "{ }"), { ifMatch: etag });
      await store.write(makeDocument("_state/manifest.json", "{  }"));

      const puts = headers.filter((h) => h["x-amz-meta-sha256"] !== undefined);
      expect(puts).toHaveLength(3);
      expect(puts[0]?.["if-none-match"]).toBe("*");
      expect(puts[0]?.["if-match"]).toBeUndefined();
      expect(puts[1]?.["if-match"]).toBe(etag);
      expect(puts[1]?.["if-none-match"]).toBeUndefined();
      expect(puts[2]?.["if-match"]).toBeUndefined();
      expect(puts[2]?.["if-none-match"]).toBeUndefined();
    });

    // s3rver 3.7.1 ignores If-Match / If-None-Match on PutObject, so the 412 answer is injected.
    it("turns a 412 into PreconditionFailedError for the relative key", async () => {
      const { client: fake, sent } = scriptedClient(() => serviceError("PreconditionFailed", 412));
      const store = new S3FeedStore(fake, BUCKET, "site/");
      const error = await store
        .write(makeDocument("_state/manifest.json", "{}"), { ifMatch: '"abc"' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PreconditionFailedError);
      expect((error as PreconditionFailedError).key).toBe("_state/manifest.json");
      expect(sent[0]?.input).toMatchObject({ Key: "site/_state/manifest.json", IfMatch: '"abc"' });
      expect(sent[0]?.input.IfNoneMatch).toBeUndefined();
    });

    // A role that may list only its prefixes gets 403, not 404, for a missing key (the first run's manifest).
    it("reads a key as missing when GET is denied and a listing of that key finds nothing", async () => {
      const { client: fake, sent } = scriptedClient((command) =>
        "MaxKeys" in command.input ? { Contents: [] } : serviceError("AccessDenied", 403),
      );
      expect(await new S3FeedStore(fake, BUCKET, "site/").read("_state/manifest.json")).toBeUndefined();
      expect(sent[1]?.input).toMatchObject({ Prefix: "site/_state/manifest.json", MaxKeys: 1 });
    });

    it("keeps a 403 as an error when the key exists or the listing is denied too", async () => {
      const listed = scriptedClient((command) =>
        "MaxKeys" in command.input
          ? { Contents: [{ Key: "site/_state/manifest.json" }] }
          : serviceError("AccessDenied", 403),
      );
      await expect(
        new S3FeedStore(listed.client, BUCKET, "site/").read("_state/manifest.json"),
      ).rejects.toThrow(/403|denied/i);
      const denied = scriptedClient(() => serviceError("AccessDenied", 403));
      await expect(
        new S3FeedStore(denied.client, BUCKET, "site/").read("_state/manifest.json"),
      ).rejects.toThrow(/403|denied/i);
    });

    it("treats a 409 ConditionalRequestConflict as another run winning", async () => {
      const { client: fake, sent } = scriptedClient(() => serviceError("ConditionalRequestConflict", 409));
      const error = await new S3FeedStore(fake, BUCKET, "")
        .write(makeDocument("_state/manifest.json", "{}"), { ifMatch: null })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PreconditionFailedError);
      expect(sent[0]?.input).toMatchObject({ Key: "_state/manifest.json", IfNoneMatch: "*" });
    });
  });
});

describe("S3StoreError", () => {
  it("keeps the signed request and echoed key id out of its cause, so logging it leaks nothing", async () => {
    const source = new S3ArticleSource(
      server.client({ accessKeyId: "AKIDLEAKCHECK", secretAccessKey: "x" }),
      BUCKET,
      "",
    );
    const error = (await source.list().catch((e: unknown) => e)) as S3StoreError;
    const cause = error.cause as Error & Record<string, unknown>;
    expect(cause).toMatchObject({
      name: "InvalidAccessKeyId",
      code: "InvalidAccessKeyId",
      httpStatusCode: 403,
    });
    const logged = JSON.stringify({ ...error, cause: { ...cause, message: cause.message } });
    expect(logged).not.toContain("AKIDLEAKCHECK");
    expect(logged).not.toMatch(/authorization|Signature=/i);
  });
});

describe("createS3Client", () => {
  it("reaches an S3-compatible endpoint with path-style addressing and checksums only where required", async () => {
    const compatible = createS3Client({
      region: "us-east-1",
      endpoint: server.endpoint,
      forcePathStyle: true,
      checksumWhenRequired: true,
      credentials: S3RVER_CREDENTIALS,
    });
    try {
      expect(compatible.config.forcePathStyle).toBe(true);
      expect(await compatible.config.requestChecksumCalculation()).toBe("WHEN_REQUIRED");
      expect(await compatible.config.responseChecksumValidation()).toBe("WHEN_REQUIRED");
      const store = new S3FeedStore(compatible, BUCKET, "client/");
      await store.write(makeDocument("feed.json", '{"version":"https://jsonfeed.org/version/1.1"}'));
      expect(new TextDecoder().decode((await store.read("feed.json"))?.body)).toBe(
        '{"version":"https://jsonfeed.org/version/1.1"}',
      );
    } finally {
      compatible.destroy();
    }
  });

  it("leaves the SDK defaults alone when nothing is asked", async () => {
    const plain = createS3Client({ region: "eu-central-1" });
    try {
      expect(plain.config.forcePathStyle).toBe(false);
      expect(await plain.config.requestChecksumCalculation()).toBe("WHEN_SUPPORTED");
      expect(await plain.config.region()).toBe("eu-central-1");
    } finally {
      plain.destroy();
    }
  });
});
