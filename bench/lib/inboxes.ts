// Simulated remote servers for fan-out: plain node:http servers on 127.0.0.x that
// answer every POST (202, or 410 Gone, or 202 after a delay) and count the POSTs
// each inbox receives per activity id.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ServerBehaviour {
  /** Answer after this many milliseconds. */
  delayMs?: number;
  /** Answer with this status instead of 202. */
  status?: number;
}

export interface InboxCounter {
  /** Each server's origin, `http://127.0.0.x:port`. */
  origins: string[];
  /** POSTs received for an activity id, all inboxes together. */
  posts(activityId: string): number;
  /** POSTs per inbox URL for an activity id. */
  perInbox(activityId: string): Map<string, number>;
  /** performance.now() of the last POST of an activity received (answered or not yet). */
  lastAt(activityId: string, origins?: readonly string[]): number;
  close(): Promise<void>;
}

/** The n-th loopback address after 127.0.0.1: 127.0.0.2, …, 127.0.0.254, 127.0.1.1, … */
export function loopbackAddress(n: number): string {
  return `127.0.${Math.floor(n / 253)}.${2 + (n % 253)}`;
}

export async function inboxServers(count: number, behaviour: (index: number) => ServerBehaviour = () => ({})): Promise<InboxCounter> {
  const received = new Map<string, Map<string, number>>();
  const last = new Map<string, Map<string, number>>();
  const servers: Server[] = [];
  const origins: string[] = [];
  for (let i = 0; i < count; i++) {
    const { delayMs = 0, status = 202 } = behaviour(i);
    const host = loopbackAddress(i);
    const server = createServer((req, res) => {
      if (req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        let id = "?";
        try {
          id = String(JSON.parse(Buffer.concat(chunks).toString("utf8")).id);
        } catch {}
        const inbox = `http://${req.headers.host}${req.url}`;
        const counts = received.get(id) ?? new Map<string, number>();
        counts.set(inbox, (counts.get(inbox) ?? 0) + 1);
        received.set(id, counts);
        const times = last.get(id) ?? new Map<string, number>();
        times.set(`http://${req.headers.host}`, performance.now());
        last.set(id, times);
        const answer = () => res.writeHead(status, { "Content-Type": "text/plain" }).end();
        if (delayMs > 0) setTimeout(answer, delayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, host, () => resolve());
    });
    servers.push(server);
    origins.push(`http://${host}:${(server.address() as AddressInfo).port}`);
  }
  return {
    origins,
    posts: (id) => [...(received.get(id)?.values() ?? [])].reduce((a, b) => a + b, 0),
    perInbox: (id) => new Map(received.get(id) ?? []),
    lastAt(id, only) {
      const times = last.get(id);
      if (!times) return Number.NaN;
      const wanted = only ? new Set(only) : undefined;
      return Math.max(...[...times].filter(([origin]) => !wanted || wanted.has(origin)).map(([, t]) => t));
    },
    async close() {
      await Promise.all(
        servers.map((s) => {
          s.closeAllConnections();
          return new Promise<void>((resolve) => s.close(() => resolve()));
        }),
      );
    },
  };
}
