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
 * neighbouring archive months, index ↔ OPML). When every waiting document waits on another, the run
 * writes a cycle that waits on nothing outside itself, its lowest `stage` first: only links inside that
 * cycle may dangle, until its last document is written a few moments later in the same run.
 * docs/architecture.md lists this.
 */
export function writeOrder(
  planned: readonly PlannedDocument[],
  isStored: (key: string) => boolean,
): PlannedDocument[][] {
  const waiting = new Map(planned.map((doc) => [doc.key, doc]));
  const blockers = (doc: PlannedDocument) =>
    doc.links.filter((link) => link !== doc.key && waiting.has(link) && !isStored(link));
  const waves: PlannedDocument[][] = [];
  while (waiting.size > 0) {
    let wave = [...waiting.values()].filter((doc) => blockers(doc).length === 0);
    if (wave.length === 0) wave = cycleToBreak([...waiting.values()], blockers);
    wave.sort((a, b) => a.stage - b.stage || compareStrings(a.key, b.key));
    for (const doc of wave) waiting.delete(doc.key);
    waves.push(wave);
  }
  return waves;
}

/**
 * Among documents that all wait on one another: the members of lowest stage of the cycles (strongly
 * connected components) that wait on nothing outside themselves. One always exists: following
 * "waits on" from any document must end in such a cycle.
 */
function cycleToBreak(
  docs: readonly PlannedDocument[],
  blockers: (doc: PlannedDocument) => string[],
): PlannedDocument[] {
  const byKey = new Map(docs.map((doc) => [doc.key, doc]));
  const components = stronglyConnected(
    docs.map((d) => d.key),
    (key) => blockers(byKey.get(key) as PlannedDocument),
  );
  const componentOf = new Map(components.flatMap((c, i) => c.map((key) => [key, i] as const)));
  const closed = components.filter((component, i) =>
    component.every((key) =>
      blockers(byKey.get(key) as PlannedDocument).every((b) => componentOf.get(b) === i),
    ),
  );
  const members = closed.flat().map((key) => byKey.get(key) as PlannedDocument);
  const lowest = Math.min(...members.map((doc) => doc.stage));
  return members.filter((doc) => doc.stage === lowest);
}

/** Tarjan's algorithm, iterative (a first run of a large site has thousands of pages in one cycle). */
function stronglyConnected(keys: readonly string[], next: (key: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of keys) {
    if (index.has(root)) continue;
    const frames: { key: string; edges: readonly string[]; at: number }[] = [];
    const open = (key: string) => {
      index.set(key, counter);
      low.set(key, counter++);
      stack.push(key);
      onStack.add(key);
      frames.push({ key, edges: next(key), at: 0 });
    };
    open(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      const edge = frame.edges[frame.at++];
      if (edge !== undefined) {
        if (!index.has(edge)) open(edge);
        else if (onStack.has(edge))
          low.set(frame.key, Math.min(low.get(frame.key) ?? 0, index.get(edge) ?? 0));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key) ?? 0, low.get(frame.key) ?? 0));
      if (low.get(frame.key) === index.get(frame.key)) {
        const component: string[] = [];
        let key: string | undefined;
        do {
          key = stack.pop() as string;
          onStack.delete(key);
          component.push(key);
        } while (key !== frame.key);
        components.push(component);
      }
    }
  }
  return components;
}
