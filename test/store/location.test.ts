import path from "node:path";
import { pathToFileURL } from "node:url";
import { S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { FsArticleSource, FsFeedStore } from "../../src/store/fs.js";
import {
  formatLocation,
  LocationError,
  openSource,
  openStore,
  parseLocation,
} from "../../src/store/location.js";
import { S3ArticleSource, S3FeedStore } from "../../src/store/s3.js";

describe("parseLocation", () => {
  it.each([
    ["s3://bucket/articles/", { kind: "s3", bucket: "bucket", prefix: "articles/" }],
    ["s3://bucket/articles", { kind: "s3", bucket: "bucket", prefix: "articles/" }],
    ["s3://bucket/a/b/c", { kind: "s3", bucket: "bucket", prefix: "a/b/c/" }],
    ["s3://bucket", { kind: "s3", bucket: "bucket", prefix: "" }],
    ["s3://bucket/", { kind: "s3", bucket: "bucket", prefix: "" }],
    ["s3://bucket//x", { kind: "s3", bucket: "bucket", prefix: "x/" }],
    ["S3://my.bucket-1/public/", { kind: "s3", bucket: "my.bucket-1", prefix: "public/" }],
    ["  s3://bucket/site/  ", { kind: "s3", bucket: "bucket", prefix: "site/" }],
    ["s3://bucket/with space/", { kind: "s3", bucket: "bucket", prefix: "with space/" }],
    ["s3://bucket/caf%C3%A9/", { kind: "s3", bucket: "bucket", prefix: "caf%C3%A9/" }],
  ])("reads %s as an S3 location", (text, expected) => {
    expect(parseLocation(text)).toEqual(expected);
  });

  it.each([
    ["seeds", "seeds"],
    ["./public", "./public"],
    ["/var/www/feeds", "/var/www/feeds"],
    ["../out dir", "../out dir"],
  ])("reads %s as a folder", (text, folder) => {
    expect(parseLocation(text)).toEqual({ kind: "fs", path: folder });
  });

  it("reads file:// URLs as folders, decoding them", () => {
    const folder = path.resolve("/tmp/feed publisher/out");
    expect(parseLocation(pathToFileURL(folder).href)).toEqual({ kind: "fs", path: folder });
  });

  it.each([
    ["s3://", /no bucket name/],
    ["s3:///articles/", /no bucket name/],
    ["s3://bad bucket/x", /"bad bucket" is not a valid bucket name/],
    ["", /empty/],
    ["   ", /empty/],
    ["gs://bucket/x", /unsupported scheme gs:\/\//],
    ["https://example.com/feeds/", /unsupported scheme https:\/\//],
    ["file://remote-host/share", /invalid location/],
  ])("refuses %j with a clear error", (text, message) => {
    expect(() => parseLocation(text)).toThrow(LocationError);
    expect(() => parseLocation(text)).toThrow(message);
  });

  it("round-trips through formatLocation", () => {
    for (const text of ["s3://bucket/articles/", "s3://bucket/", "public"]) {
      expect(formatLocation(parseLocation(text))).toBe(text);
    }
  });
});

describe("openSource / openStore", () => {
  const neverCalled = () => {
    throw new Error("an fs location must not ask for an S3 client");
  };

  it("opens folders with the fs adapters without creating an S3 client", () => {
    expect(openSource(parseLocation("seeds"), neverCalled)).toBeInstanceOf(FsArticleSource);
    expect(openStore(parseLocation("public"), neverCalled)).toBeInstanceOf(FsFeedStore);
  });

  it("opens S3 locations with the S3 adapters and the given client", () => {
    const client = new S3Client({ region: "us-east-1" });
    let asked = 0;
    const getClient = () => {
      asked += 1;
      return client;
    };
    const source = openSource(parseLocation("s3://bucket/articles/"), getClient);
    const store = openStore(parseLocation("s3://bucket"), getClient);
    expect(source).toBeInstanceOf(S3ArticleSource);
    expect(source.location).toBe("s3://bucket/articles/");
    expect(store).toBeInstanceOf(S3FeedStore);
    expect(store.location).toBe("s3://bucket/");
    expect(asked).toBe(2);
    client.destroy();
  });
});
