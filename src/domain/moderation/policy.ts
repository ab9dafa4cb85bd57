// Which remote servers and actors we talk to. Checked on every inbox delivery
// (before any key is fetched), so the rules are kept in memory and reloaded
// when a moderator changes them (or after a short while, for other processes).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

export type Severity = "suspend" | "silence";
export type Verdict = "allow" | "silence" | "suspend" | "not-allowed";

/** `example.org` covers example.org and its subdomains on any port; `host:port` that server only. */
export function domainMatches(rule: string, host: string): boolean {
  const h = host.toLowerCase();
  if (rule.includes(":")) return h === rule;
  const hostname = h.replace(/:\d+$/, "");
  return hostname === rule || hostname.endsWith(`.${rule}`);
}

export function normalizeDomain(input: string): string {
  const value = input.trim().toLowerCase();
  try {
    return /^[a-z]+:\/\//.test(value) ? new URL(value).host : new URL(`https://${value}`).host;
  } catch {
    return value;
  }
}

interface Rules {
  blocks: { domain: string; severity: Severity }[];
  allowed: string[];
  actors: Set<string>;
  loaded: number;
}

export class FederationPolicy {
  readonly #db: Kysely<Database>;
  readonly #allowListMode: boolean;
  readonly #ttlMs: number;
  #rules: Promise<Rules> | undefined;

  constructor(db: Kysely<Database>, options: { allowListMode: boolean; ttlMs?: number }) {
    this.#db = db;
    this.#allowListMode = options.allowListMode;
    this.#ttlMs = options.ttlMs ?? 30_000;
  }

  get allowListMode(): boolean {
    return this.#allowListMode;
  }

  /** Forget the cached rules: the next check reads them again. */
  invalidate(): void {
    this.#rules = undefined;
  }

  async #load(): Promise<Rules> {
    const [blocks, allowed, actors] = await Promise.all([
      this.#db.selectFrom("domain_blocks").select(["domain", "severity"]).execute(),
      this.#db.selectFrom("allowed_domains").select("domain").execute(),
      this.#db.selectFrom("actor_blocks").select("uri").execute(),
    ]);
    return {
      blocks: blocks.map((b) => ({ domain: b.domain, severity: b.severity as Severity })),
      allowed: allowed.map((a) => a.domain),
      actors: new Set(actors.map((a) => a.uri)),
      loaded: Date.now(),
    };
  }

  async #current(): Promise<Rules> {
    this.#rules ??= this.#load();
    const rules = await this.#rules;
    if (Date.now() - rules.loaded > this.#ttlMs) {
      this.#rules = this.#load();
      return this.#rules;
    }
    return rules;
  }

  /** What to do with traffic from a host (and, when known, an actor). */
  async verdict(host: string, actorUri?: string): Promise<Verdict> {
    const rules = await this.#current();
    // A blocked actor's key ids (`…/users/x#main-key`, `…/users/x/main-key`) and the actor itself.
    if (actorUri) {
      const uri = actorUri.replace(/#.*$/, "");
      for (const blocked of rules.actors) if (uri === blocked || uri.startsWith(`${blocked}/`)) return "suspend";
    }
    const block = rules.blocks.find((b) => domainMatches(b.domain, host));
    if (block?.severity === "suspend") return "suspend";
    if (this.#allowListMode && !rules.allowed.some((d) => domainMatches(d, host))) return "not-allowed";
    return block?.severity === "silence" ? "silence" : "allow";
  }

  /** Hosts whose content stays out of public listings (silenced or suspended). */
  async hiddenHosts(): Promise<{ domain: string }[]> {
    return (await this.#current()).blocks.map((b) => ({ domain: b.domain }));
  }
}
