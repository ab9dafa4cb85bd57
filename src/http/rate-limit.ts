// Per-client rate limits (logins, token requests): a fixed window per key,
// answered 429 problem+json with Retry-After. In memory, per process: enough
// for one server; several web processes each count on their own.
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";
import { HttpProblem } from "./problem.ts";

export interface RateLimitOptions {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** What is counted; the client's IP by default. */
  key?: (c: Context<AppEnv>) => string;
  clock?: () => number;
}

export function rateLimit(name: string, options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  const clock = options.clock ?? Date.now;
  let lastSweep = clock();
  return async (c, next) => {
    const time = clock();
    if (time - lastSweep > options.windowMs) {
      for (const [key, w] of windows) if (time - w.start >= options.windowMs) windows.delete(key);
      lastSweep = time;
    }
    const key = options.key?.(c) ?? c.var.clientIp;
    let window = windows.get(key);
    if (!window || time - window.start >= options.windowMs) {
      window = { start: time, count: 0 };
      windows.set(key, window);
    }
    window.count++;
    if (window.count > options.limit) {
      const retryAfter = Math.max(1, Math.ceil((window.start + options.windowMs - time) / 1000));
      throw new HttpProblem(
        429,
        `too many ${name} attempts; try again in ${retryAfter} s`,
        {},
        { "Retry-After": String(retryAfter) },
      );
    }
    await next();
  };
}
