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

/**
 * Subscription feeds among written keys, as absolute URLs (the topics subscribers know). RFC 5005
 * archives under `archive/` are history that nobody subscribes to, so hubs are not told about them.
 */
export function changedFeedTopics(writtenKeys: readonly string[], baseUrl: string): string[] {
  return writtenKeys
    .filter((key) => !key.startsWith("archive/") && /(^|\/)(rss\.xml|atom\.xml|feed\.json)$/.test(key))
    .map((key) => baseUrl + key);
}

/** Pings every hub for every topic; a failed ping is reported, never fatal. */
export async function announceAll(
  announcer: Announcer,
  hubs: readonly string[],
  topics: readonly string[],
): Promise<AnnounceOutcome> {
  const outcome: AnnounceOutcome = { notified: 0, failed: [] };
  for (const hub of hubs) {
    for (const topic of topics) {
      try {
        await announcer.announce(hub, topic);
        outcome.notified++;
      } catch (error) {
        outcome.failed.push({ hub, topic, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
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
