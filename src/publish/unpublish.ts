import type { PlannedDocument } from "../site/document-kind.js";
import { errorMessage } from "./collect-articles.js";
import type { DocumentHashes, Ledger } from "./ledger.js";
import type { FeedStore } from "./ports.js";

/** Stored documents no plan produces any more, in key order. */
export function obsoleteKeys(planned: readonly PlannedDocument[], stored: DocumentHashes): string[] {
  const plannedKeys = new Set(planned.map((d) => d.key));
  return Object.keys(stored)
    .filter((key) => !plannedKeys.has(key))
    .sort();
}

/**
 * Why this run must not go on, or undefined: it would unpublish more than `maxShare` of what is
 * published. A listing cut short (a flaky store, a wrong prefix, a half-synced folder) looks exactly like
 * a newsroom deleting most of its articles; only a person can tell them apart, so the run changes
 * nothing and says how to let it through.
 */
export function massUnpublishProblem(
  planned: readonly PlannedDocument[],
  storedDocuments: DocumentHashes,
  maxShare: number,
): string | undefined {
  const obsolete = obsoleteKeys(planned, storedDocuments).length;
  const stored = Object.keys(storedDocuments).length;
  if (stored === 0 || obsolete / stored <= maxShare) return undefined;
  const share = (value: number) => `${Math.round(value * 100)}%`;
  return `this run would unpublish ${obsolete} of ${stored} published documents (${share(obsolete / stored)}, more than maxUnpublishShare ${share(maxShare)}); nothing was changed. Check the source listing; if the removal is intended, run once with --allow-mass-unpublish (Lambda: {"allowMassUnpublish": true}) or raise maxUnpublishShare`;
}

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
  const obsolete = obsoleteKeys(planned, stored);
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
