// autocannon as a library: a fixed number of connections for a fixed time (or a fixed
// number of requests), rotating through a list of paths, every response's latency kept.
import autocannon, { type Request } from "autocannon";
import { type Latencies, latencies } from "./stats.ts";

export interface LoadOptions {
  /** Origin and default path. */
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  seconds?: number;
  /** Stop after this many requests. */
  amount?: number;
  /** Paths visited in turn (one per request), instead of the URL's. */
  paths?: readonly string[];
  method?: string;
  headers?: Record<string, string>;
  /** A request body per request (its index), for writes. */
  body?: (index: number) => string;
}

export interface LoadResult extends Latencies {
  /** Responses received (any status). */
  requests: number;
  /** Responses with a 2xx status. */
  ok: number;
  /** Responses with another status, and connection errors or timeouts. */
  failed: number;
  seconds: number;
  /** 2xx responses per second. */
  rate: number;
  /** What autocannon counted itself, to cross-check. */
  reported: number;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const times: number[] = [];
  let ok = 0;
  let other = 0;
  let index = 0;
  const paths = options.paths;
  const request: Request = {
    setupRequest: (req) => {
      const i = index++;
      const next: Request = { ...req };
      if (paths?.length) next.path = paths[i % paths.length]!;
      if (options.body) next.body = options.body(i);
      return next;
    },
  };
  const started = performance.now();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
    method: options.method ?? "GET",
    headers: options.headers ?? {},
    timeout: 30,
    requests: [request],
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    times.push(responseTime);
    if (status >= 200 && status < 300) ok++;
    else other++;
  });
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: times.length,
    ok,
    failed: other + result.errors + result.timeouts,
    seconds,
    rate: ok / seconds,
    reported: result.requests.total,
    ...latencies(times),
  };
}
