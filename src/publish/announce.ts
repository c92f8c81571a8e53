import type { Ledger } from "./ledger.js";
import { type Announcer, announceAll } from "./websub.js";

/**
 * Step 6: tells the configured WebSub hubs about the subscription feeds this run wrote (each planned feed
 * carries its topic). A failed ping is reported, never fatal: subscribers still poll.
 */
export async function announceChanges(
  ledger: Ledger,
  announcer: Announcer | undefined,
  hubs: readonly string[],
): Promise<void> {
  const topics = ledger.changedTopics().sort();
  if (!announcer || hubs.length === 0 || topics.length === 0) return;
  ledger.websub = await announceAll(announcer, hubs, topics);
}
