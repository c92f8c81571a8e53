import { mapLimit } from "./concurrency.js";

/**
 * WebSub publisher pings (https://www.w3.org/TR/websub/#publishing): after feeds change, tell each
 * configured hub which feed URLs to fetch again, so subscribers get updates in seconds instead of at
 * their next poll. The W3C spec leaves the ping format to hubs; `hub.mode=publish&hub.url=<topic>` is what
 * the widely deployed hubs (Google's PubSubHubbub hub, Superfeedr, WebSub.rocks) accept.
 */
export interface Announcer {
  /** Resolves when the hub accepted the ping; rejects with a reason otherwise. */
  announce(hub: string, topic: string): Promise<void>;
}

export interface AnnounceOutcome {
  notified: number;
  failed: { hub: string; topic: string; reason: string }[];
}

const PING_CONCURRENCY = 8;
/** A run must finish well inside the Lambda timeout even when a hub hangs on every ping. */
const PING_BUDGET_MS = 30_000;

/** Pings every hub for every topic, a few at a time; a failed or skipped ping is reported, never fatal. */
export async function announceAll(
  announcer: Announcer,
  hubs: readonly string[],
  topics: readonly string[],
  budgetMs = PING_BUDGET_MS,
): Promise<AnnounceOutcome> {
  const outcome: AnnounceOutcome = { notified: 0, failed: [] };
  const deadline = performance.now() + budgetMs;
  const pings = hubs.flatMap((hub) => topics.map((topic) => ({ hub, topic })));
  await mapLimit(pings, PING_CONCURRENCY, async ({ hub, topic }) => {
    if (performance.now() > deadline) {
      outcome.failed.push({ hub, topic, reason: `not sent: the ${budgetMs} ms ping budget was spent` });
      return;
    }
    try {
      await announcer.announce(hub, topic);
      outcome.notified++;
    } catch (error) {
      outcome.failed.push({ hub, topic, reason: error instanceof Error ? error.message : String(error) });
    }
  });
  outcome.failed.sort((a, b) => (a.hub + a.topic < b.hub + b.topic ? -1 : 1));
  return outcome;
}

/** The network edge: an HTTP POST per ping, with a timeout so a slow hub cannot hold up a run. */
export class HttpAnnouncer implements Announcer {
  constructor(
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly timeoutMs = 5_000,
  ) {}

  async announce(hub: string, topic: string): Promise<void> {
    const response = await this.fetchImpl(hub, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ "hub.mode": "publish", "hub.url": topic }).toString(),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`hub answered ${response.status} ${response.statusText}`.trim());
  }
}
