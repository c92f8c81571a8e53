// Trees of objects under an S3 prefix: upload a source version, read back what a run published.
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { Tree } from "./harness.js";

export async function listKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

export async function readS3Tree(client: S3Client, bucket: string, prefix: string): Promise<Tree> {
  const tree: Tree = new Map();
  for (const key of await listKeys(client, bucket, prefix)) {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    tree.set(
      key.slice(prefix.length),
      Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array())),
    );
  }
  return tree;
}

/** Makes the prefix hold exactly `tree`, as an uploader syncing a folder to S3 would. */
export async function writeS3Tree(
  client: S3Client,
  bucket: string,
  prefix: string,
  tree: Tree,
): Promise<void> {
  const current = await readS3Tree(client, bucket, prefix);
  const stale = [...current.keys()].filter((key) => !tree.has(key));
  if (stale.length > 0) {
    await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: stale.map((key) => ({ Key: prefix + key })) },
      }),
    );
  }
  for (const [key, body] of tree) {
    if (current.get(key)?.equals(body)) continue;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: prefix + key, Body: body }));
  }
}
