// On an aggregator, the members' outcomes (hours given, people helped, needs done) come
// from their own open data: each Entraide instance publishes its public needs' figures
// by domain and month, small counts already hidden (src/domain/open-data/indicators.ts),
// at /open-data/needs-by-domain-month.json. For each instance this one follows (not the
// relays), a plain GET to the member's origin: refused at private or loopback addresses
// unless ALLOW_PRIVATE_ADDRESS (Fedify's guard, as for every remote document), with a
// deadline and a size limit; kept in the KvStore for an hour, a failure too (so a
// member that does not answer is not asked at every page view). A member whose file
// cannot be had, or is not what it should be, is skipped with the reason logged.
import type { Context, KvStore } from "@fedify/fedify";
import { validatePublicUrl } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import { Temporal } from "@js-temporal/polyfill";
import { z } from "zod";
import { findActorByHandle, INSTANCE_HANDLE } from "../src/domain/actors/actors.ts";
import type { MemberOpenData } from "../src/domain/evaluation/federation.ts";
import type { ContextData } from "./context.ts";

const log = getLogger(["entraide", "federation", "open-data"]);

export const OPEN_DATA_PATH = "/open-data/needs-by-domain-month.json";
const TIMEOUT_MS = 10_000;
const MAX_BYTES = 2_000_000;
const TTL = Temporal.Duration.from({ hours: 1 });

const count = z.number().finite().nonnegative().nullable();
const fileSchema = z.object({
  rows: z
    .array(
      z.object({
        domain: z.string().max(100),
        month: z.string().regex(/^\d{4}-\d{2}$/),
        needs_done: count,
        hours_given: count,
        people_helped: count,
      }),
    )
    .max(50_000),
});

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_BYTES) throw new Error(`too large (${declared} bytes)`);
  const reader = response.body?.getReader();
  if (!reader) return "";
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      throw new Error(`too large (over ${MAX_BYTES} bytes)`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString("utf8");
}

/** One member's open data, fetched now: its rows, or the reason it could not be had. */
export async function fetchMemberOpenData(origin: string, allowPrivateAddress: boolean): Promise<MemberOpenData | { origin: string; error: string }> {
  const url = new URL(OPEN_DATA_PATH, origin).href;
  try {
    if (!allowPrivateAddress) await validatePublicUrl(url);
    const response = await fetch(url, { headers: { Accept: "application/json" }, redirect: "error", signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const parsed = fileSchema.safeParse(JSON.parse(await readLimited(response)));
    if (!parsed.success) throw new Error(`not the open-data file: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return {
      origin,
      rows: parsed.data.rows.map((r) => ({ domain: r.domain, month: r.month, needsDone: r.needs_done, hoursGiven: r.hours_given, peopleHelped: r.people_helped })),
    };
  } catch (error) {
    return { origin, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The open data of these members (origins), from the cache or fetched; those that failed are left out. */
export async function membersOpenData(kv: KvStore, origins: readonly string[], allowPrivateAddress: boolean): Promise<MemberOpenData[]> {
  const answers = await Promise.all(
    [...new Set(origins)].map(async (origin) => {
      const key = ["entraide", "memberOpenData", origin] as const;
      const cached = await kv.get<MemberOpenData | { origin: string; error: string }>(key);
      if (cached) return cached;
      const fetched = await fetchMemberOpenData(origin, allowPrivateAddress);
      if ("error" in fetched) log.warning("The open data of {origin} is left out of the federation's dashboard: {error}", { origin, error: fetched.error });
      await kv.set(key, fetched, { ttl: TTL });
      return fetched;
    }),
  );
  return answers.filter((a): a is MemberOpenData => !("error" in a));
}

/** The origins of the instances this one follows and that accepted (not the relays). */
export async function memberOrigins(ctx: Context<ContextData>): Promise<string[]> {
  const actor = await findActorByHandle(ctx.data.db, INSTANCE_HANDLE);
  if (!actor) return [];
  const rows = await ctx.data.db
    .selectFrom("following as f")
    .innerJoin("remote_actors as r", "r.id", "f.target_id")
    .select(["r.uri", "r.software"])
    .where("f.actor_id", "=", actor.id)
    .where("f.accepted", "=", 1)
    .execute();
  return rows.filter((r) => r.software !== "relay").map((r) => new URL(r.uri).origin);
}
