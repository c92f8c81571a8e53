import { compareStrings } from "../order.js";
import type { PlannedDocument } from "../site/document-kind.js";

/**
 * The order documents are written in, as waves (each wave is written concurrently, after the previous
 * one): a document comes after every document it links to that is not stored yet, so a reader never
 * follows a link to a document that is not there. Links to documents already stored (an older version
 * of them) cannot dangle and do not constrain the order.
 *
 * New documents can link to each other in a cycle (only on a first run, after the output was lost, or
 * when two new archive months appear at once: article pages ↔ main feeds, feeds → home ↔ index,
 * neighbouring archive months, index ↔ OPML). A cycle is broken by writing every waiting document of the
 * lowest `stage` together, so the links inside that cycle may dangle until the cycle's last document is
 * written, a few moments later in the same run. docs/architecture.md lists this.
 */
export function writeOrder(
  planned: readonly PlannedDocument[],
  isStored: (key: string) => boolean,
): PlannedDocument[][] {
  const waiting = new Map(planned.map((doc) => [doc.key, doc]));
  const unwritten = (key: string) => waiting.has(key) && !isStored(key);
  const waves: PlannedDocument[][] = [];
  while (waiting.size > 0) {
    let wave = [...waiting.values()].filter(
      (doc) => !doc.links.some((link) => link !== doc.key && unwritten(link)),
    );
    if (wave.length === 0) {
      const lowest = Math.min(...[...waiting.values()].map((doc) => doc.stage));
      wave = [...waiting.values()].filter((doc) => doc.stage === lowest);
    }
    wave.sort((a, b) => a.stage - b.stage || compareStrings(a.key, b.key));
    for (const doc of wave) waiting.delete(doc.key);
    waves.push(wave);
  }
  return waves;
}
