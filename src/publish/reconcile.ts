import { isSiteDocumentKey } from "../site/layout.js";
import type { DocumentHashes } from "./ledger.js";

/**
 * Step 1b: what is actually published, from the state and a listing of the output. A document the state
 * remembers but the output lacks (deleted by hand, or by a run that died before saving its state) is
 * dropped, so it is written again if planned. A site document the state does not know (its run died
 * before saving, or the state was lost) counts as stored with unknown bytes (`null`), so it is rewritten
 * if planned and deleted if not.
 */
export function reconcile(
  remembered: DocumentHashes,
  listed: readonly string[],
): Record<string, string | null> {
  const present = new Set(listed);
  const stored: Record<string, string | null> = {};
  for (const [key, hash] of Object.entries(remembered)) if (present.has(key)) stored[key] = hash;
  for (const key of listed) if (!(key in stored) && isSiteDocumentKey(key)) stored[key] = null;
  return stored;
}
