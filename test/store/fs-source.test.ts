import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ArticleRefusedError } from "../../src/publish/ports.js";
import { FsArticleSource } from "../../src/store/fs.js";

let dir: string;
let root: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "fs-source-"));
  root = path.join(dir, "articles");
  mkdirSync(path.join(root, "politics"), { recursive: true });
  writeFileSync(path.join(dir, "secret.txt"), "root:x:0:0:SAMPLE secret outside the source\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof ArticleRefusedError ? error.reason : `other error: ${error}`),
  );

describe("FsArticleSource.read", () => {
  it("reads a regular file", async () => {
    writeFileSync(path.join(root, "politics/a.txt"), "héllo");
    const bytes = await new FsArticleSource(root).read("politics/a.txt", { maxBytes: 100 });
    expect(new TextDecoder().decode(bytes)).toBe("héllo");
  });

  it("refuses a file that grew past maxBytes after it was listed, without reading it whole", async () => {
    const file = path.join(root, "a.txt");
    writeFileSync(file, "small");
    const source = new FsArticleSource(root);
    const [listed] = await source.list();
    appendFileSync(file, Buffer.alloc(4 * 1024 * 1024, "x"));
    expect(await refusal(source.read("a.txt", { maxBytes: (listed?.size ?? 0) + 10 }))).toBe(
      "too large: more than 15 bytes when read",
    );
  });

  it("refuses a symlink swapped in for a listed file after listing", async () => {
    const file = path.join(root, "a.txt");
    writeFileSync(file, "listed");
    const source = new FsArticleSource(root);
    expect((await source.list()).map((e) => e.key)).toEqual(["a.txt"]);
    rmSync(file);
    symlinkSync(path.join(dir, "secret.txt"), file);
    expect(await refusal(source.read("a.txt"))).toMatch(/^refused: a symbolic link/);
  });

  it("refuses a file reached through a folder swapped for a symlink after listing", async () => {
    writeFileSync(path.join(root, "politics/secret.txt"), "listed");
    const source = new FsArticleSource(root);
    await source.list();
    rmSync(path.join(root, "politics"), { recursive: true });
    symlinkSync(dir, path.join(root, "politics"));
    expect(await refusal(source.read("politics/secret.txt"))).toMatch(
      /^refused: reached through a symbolic link/,
    );
  });
});
