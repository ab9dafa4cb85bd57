/** The current time as the ISO-8601 UTC string every timestamp column holds. */
export function now(clock: () => number = Date.now): string {
  return new Date(clock()).toISOString();
}

/** An ISO-8601 UTC string `ms` milliseconds from now. */
export function fromNow(ms: number, clock: () => number = Date.now): string {
  return new Date(clock() + ms).toISOString();
}
