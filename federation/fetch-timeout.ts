// A deadline on every request Fedify makes. Fedify 2.3 sends deliveries (and fetches
// actors, keys and objects) with the global `fetch` and gives it no signal, and offers no
// option to: a server that accepts the connection and never answers would hold a queue
// worker until undici gives up waiting for the headers (300 s), then as long again for
// the body. With the deadline, the fetch is aborted, Fedify counts the delivery as failed
// and enqueues it again with its back-off (outboxRetryPolicy), and the worker moves on.
//
// Fedify calls the global binding at each request, so the global is what is wrapped:
// once per process (the composition root asks again with each instance it builds, and
// the last deadline asked for holds). A signal the caller gives still applies.
import { getLogger } from "@logtape/logtape";

const log = getLogger(["entraide", "federation", "fetch"]);

const BOUNDED = Symbol.for("entraide.fetchDeadline");

interface Bounded {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  [BOUNDED]: { timeoutMs: number };
}

export function boundOutgoingFetches(timeoutMs: number): void {
  const current = globalThis.fetch as typeof fetch & Partial<Pick<Bounded, typeof BOUNDED>>;
  const installed = current[BOUNDED];
  if (installed) {
    installed.timeoutMs = timeoutMs;
    return;
  }
  const settings = { timeoutMs };
  const inner = current;
  const bounded = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const deadline = AbortSignal.timeout(settings.timeoutMs);
    const given = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const signal = given ? AbortSignal.any([given, deadline]) : deadline;
    try {
      return await inner(input, { ...init, signal });
    } catch (error) {
      if (deadline.aborted && !given?.aborted) {
        const url = input instanceof Request ? input.url : String(input);
        log.warning("{method} {url} got no answer within {ms} ms: abandoned", {
          method: (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase(),
          url,
          ms: settings.timeoutMs,
        });
      }
      throw error;
    }
  }) as Bounded;
  bounded[BOUNDED] = settings;
  globalThis.fetch = bounded;
}
