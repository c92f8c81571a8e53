import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { ArticleSource } from "../publish/ports.js";
import { type Location, openSource } from "../store/location.js";
import type { PublishedObject, PublishedSite } from "./check-site.js";

/**
 * A published folder or S3 prefix, read-only. Listing and plain reads reuse the article source adapters
 * (they list every object under a location, skipping dotfiles); S3 reads also return the stored
 * Content-Type, which is part of what `check` verifies there.
 */
export function openPublishedSite(location: Location, getS3Client: () => S3Client): PublishedSite {
  const source: ArticleSource = openSource(location, getS3Client);
  const list = async () => (await source.list()).map((entry) => entry.key);
  if (location.kind === "fs")
    return { location: source.location, list, read: async (key) => ({ body: await source.read(key) }) };
  const client = getS3Client();
  return {
    location: source.location,
    list,
    async read(key): Promise<PublishedObject> {
      const response = await client.send(
        new GetObjectCommand({ Bucket: location.bucket, Key: location.prefix + key }),
      );
      const body = response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
      return { body, ...(response.ContentType !== undefined ? { contentType: response.ContentType } : {}) };
    },
  };
}
