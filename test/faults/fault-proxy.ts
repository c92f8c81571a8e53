// A loopback HTTP proxy in front of the test S3 server that breaks some requests on purpose: the way
// S3 fails in production (500 InternalError, 503 SlowDown, connections reset before or after the
// server acted, slow replies, replies cut off mid-body). A proxy rather than SDK middleware because
// the run under test is a separate process, and because a reset or a cut-off body only exists on the
// wire. Which request gets which fault comes from a seeded random source; requests race, so the same
// seed gives the same sequence of decisions, not always to the same keys.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export type Fault = "500" | "503" | "reset-before" | "reset-after" | "stall" | "truncate";
export const FAULTS: readonly Fault[] = ["500", "503", "reset-before", "reset-after", "stall", "truncate"];

export interface FaultProxy {
  readonly endpoint: string;
  /** How many requests got each fault, and how many passed untouched. */
  readonly counts: Record<Fault | "passed", number>;
  close(): Promise<void>;
}

const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startFaultProxy(options: {
  upstream: string;
  /** Chance that a request gets a fault, 0..1. */
  rate: number;
  next: () => number;
  /** Longest stall; a stall always ends, since the SDK sets no request timeout of its own. */
  maxStallMs?: number;
}): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  const counts = Object.fromEntries([...FAULTS, "passed"].map((name) => [name, 0])) as FaultProxy["counts"];
  const pick = (): Fault | undefined => {
    if (options.next() >= options.rate) return undefined;
    return FAULTS[Math.floor(options.next() * FAULTS.length)];
  };

  const forward = (req: IncomingMessage, onResponse: (res: IncomingMessage) => void, onError: () => void) => {
    const outgoing = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      onResponse,
    );
    outgoing.on("error", onError);
    req.pipe(outgoing);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const fault = pick();
    counts[fault ?? "passed"]++;
    const fail = () => res.destroy();
    switch (fault) {
      case "500":
      case "503": {
        req.resume();
        const body =
          fault === "500"
            ? s3Error("InternalError", "We encountered an internal error. Please try again.")
            : s3Error("SlowDown", "Please reduce your request rate.");
        res.writeHead(Number(fault), {
          "content-type": "application/xml",
          "content-length": Buffer.byteLength(body),
        });
        res.end(body);
        return;
      }
      case "reset-before":
        // The request never reaches S3.
        req.socket.destroy();
        return;
      case "reset-after":
        // S3 acted (a PUT stored, a DELETE deleted), but the reply is lost.
        forward(
          req,
          (upstreamRes) => {
            upstreamRes.resume();
            upstreamRes.on("end", () => req.socket.destroy());
          },
          fail,
        );
        return;
      case "stall": {
        const delay = Math.round(options.next() * (options.maxStallMs ?? 1500));
        setTimeout(() => forward(req, (upstreamRes) => relay(upstreamRes, res), fail), delay);
        return;
      }
      case "truncate":
        // Headers (with the full Content-Length) and half the body, then the connection drops.
        forward(
          req,
          (upstreamRes) => {
            const chunks: Buffer[] = [];
            upstreamRes.on("data", (chunk: Buffer) => chunks.push(chunk));
            upstreamRes.on("end", () => {
              const body = Buffer.concat(chunks);
              res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
              res.write(body.subarray(0, Math.floor(body.length / 2)));
              // Flushed first, so the client sees a short body rather than no reply.
              setTimeout(() => req.socket.destroy(), 20);
            });
          },
          fail,
        );
        return;
      default:
        forward(req, (upstreamRes) => relay(upstreamRes, res), fail);
    }
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function relay(upstreamRes: IncomingMessage, res: ServerResponse): void {
  res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
  upstreamRes.pipe(res);
}
