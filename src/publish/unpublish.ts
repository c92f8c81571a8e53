import type { PlannedDocument } from "../site/document-kind.js";
import { errorMessage } from "./collect-articles.js";
import type { DocumentHashes, Ledger } from "./ledger.js";
import type { FeedStore } from "./ports.js";

/**
 * Step 4: removes stored documents no longer planned (an article or category that went away), once all
 * is written. Nothing is deleted in a run where anything failed: a held-back document may still link to
 * it, and an unreadable article would otherwise lose its page over a storage hiccup.
 */
export async function unpublishObsolete(
  planned: readonly PlannedDocument[],
  stored: DocumentHashes,
  store: FeedStore,
  dryRun: boolean,
  ledger: Ledger,
): Promise<void> {
  const plannedKeys = new Set(planned.map((d) => d.key));
  const obsolete = Object.keys(stored)
    .filter((key) => !plannedKeys.has(key))
    .sort();
  if (obsolete.length === 0 || (!dryRun && ledger.failed)) return;
  if (!dryRun) {
    try {
      await store.delete(obsolete);
    } catch (error) {
      ledger.fail(obsolete[0] as string, `delete failed: ${errorMessage(error)}`);
      return;
    }
  }
  for (const key of obsolete) ledger.document({ kind: "deleted", key });
}
