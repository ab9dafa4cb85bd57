// On an aggregator, the members' figures come from their own open data: each Entraide
// instance publishes its public dashboard's figures, small counts already hidden, with
// the distributions its medians and mean are read from (src/domain/open-data/
// evaluation.ts), at /open-data/evaluation.json. For each instance this one follows
// (not the relays), a plain GET to the member's origin: refused at private or loopback
// addresses unless ALLOW_PRIVATE_ADDRESS (Fedify's guard, as for every remote
// document), with a deadline and a size limit; kept in the KvStore for an hour, a
// failure too (so a member that does not answer is not asked at every page view). A
// member whose file cannot be had, is not what it should be, or is of a version this
// server does not read, is skipped with the reason logged, and said so on the page.
import type { Context, KvStore } from "@fedify/fedify";
import { validatePublicUrl } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import { Temporal } from "@js-temporal/polyfill";
import { z } from "zod";
import { findActorByHandle, INSTANCE_HANDLE } from "../src/domain/actors/actors.ts";
import type { PublishedRow } from "../src/domain/evaluation/combine.ts";
import { DISTRIBUTION_KEYS } from "../src/domain/evaluation/distributions.ts";
import type { MemberEvaluation, MemberRow, MembersOpenData } from "../src/domain/evaluation/federation.ts";
import { type Cell, type DistributionCell, INDICATOR_KEYS } from "../src/domain/evaluation/publish.ts";
import { distributionColumns, EVALUATION_VERSION, INDICATOR_COLUMNS } from "../src/domain/open-data/evaluation.ts";
import type { ContextData } from "./context.ts";

const log = getLogger(["entraide", "federation", "open-data"]);

export const OPEN_DATA_PATH = "/open-data/evaluation.json";
const TIMEOUT_MS = 10_000;
const MAX_BYTES = 2_000_000;
const TTL = Temporal.Duration.from({ hours: 1 });

const figure = z.number().finite().nonnegative().nullable();
const COLUMNS = [...INDICATOR_COLUMNS, ...DISTRIBUTION_KEYS.flatMap(distributionColumns)];
const rowSchema = z.object({
  breakdown: z.enum(["total", "month", "domain"]),
  // A domain's slug or a month, or nothing for the total.
  key: z.string().regex(/^(|\d{4}-\d{2}|[a-z0-9][a-z0-9-]{0,59})$/),
  ...Object.fromEntries(COLUMNS.map((c) => [c, figure])),
  suppressed: z.array(z.string().max(100)).max(COLUMNS.length),
});
const fileSchema = z.object({ version: z.number().int(), rows: z.array(z.looseObject({})).max(1000) });

type Row = z.infer<typeof rowSchema> & Record<string, number | null>;

/** A member's row as the cells it published: hidden ones "small", nothing to compute from "none". */
function publishedRow(row: Row): PublishedRow {
  const cell = (column: string): Cell => {
    const value = row[column];
    if (row.suppressed.includes(column)) return { kind: "small" };
    return value === null || value === undefined ? { kind: "none" } : { kind: "value", value };
  };
  const indicators = Object.fromEntries(INDICATOR_KEYS.map((k, i) => [k, cell(INDICATOR_COLUMNS[i]!)])) as PublishedRow["indicators"];
  const distributions = Object.fromEntries(
    DISTRIBUTION_KEYS.map((k): [string, DistributionCell] => {
      const columns = distributionColumns(k);
      if (columns.some((c) => row.suppressed.includes(c))) return [k, { kind: "small" }];
      return [k, { kind: "value", counts: columns.map((c) => row[c] ?? 0) }];
    }),
  ) as PublishedRow["distributions"];
  return { indicators, distributions };
}

/** The member's file read: its total, months and domains, or why not. */
export function readMemberFile(origin: string, data: unknown): MemberEvaluation {
  const file = fileSchema.safeParse(data);
  if (!file.success) throw new Error(`not the open-data file: ${file.error.issues[0]?.message ?? "invalid"}`);
  if (file.data.version !== EVALUATION_VERSION) throw new Error(`version ${file.data.version} of the open-data file, not ${EVALUATION_VERSION}`);
  let total: PublishedRow | undefined;
  const byDomain: MemberRow[] = [];
  const byMonth: MemberRow[] = [];
  for (const raw of file.data.rows) {
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`not the open-data file: ${parsed.error.issues[0]?.path.join(".") ?? ""} ${parsed.error.issues[0]?.message ?? "invalid"}`);
    const row = parsed.data as Row;
    const month = /^\d{4}-\d{2}$/.test(row.key);
    const list = row.breakdown === "month" ? byMonth : byDomain;
    if (row.breakdown === "total" && row.key === "" && !total) total = publishedRow(row);
    else if (row.breakdown !== "total" && row.key !== "" && month === (row.breakdown === "month") && !list.some((r) => r.key === row.key)) list.push({ key: row.key, ...publishedRow(row) });
    else throw new Error(`not the open-data file: a ${row.breakdown} row keyed "${row.key}"`);
  }
  if (!total) throw new Error("not the open-data file: no total");
  return { origin, total, byDomain, byMonth };
}

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

type Answer = MemberEvaluation | { origin: string; error: string };

/** One member's open data, fetched now: its figures, or the reason they could not be had. */
export async function fetchMemberOpenData(origin: string, allowPrivateAddress: boolean): Promise<Answer> {
  const url = new URL(OPEN_DATA_PATH, origin).href;
  try {
    if (!allowPrivateAddress) await validatePublicUrl(url);
    const response = await fetch(url, { headers: { Accept: "application/json" }, redirect: "error", signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return readMemberFile(origin, JSON.parse(await readLimited(response)));
  } catch (error) {
    return { origin, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The open data of these members (origins), from the cache or fetched, and those that failed. */
export async function membersOpenData(kv: KvStore, origins: readonly string[], allowPrivateAddress: boolean): Promise<MembersOpenData> {
  const answers = await Promise.all(
    [...new Set(origins)].map(async (origin) => {
      // The file's version is in the key: after an upgrade, nothing read in the former shape is used.
      const key = ["entraide", "memberOpenData", `v${EVALUATION_VERSION}`, origin] as const;
      const cached = await kv.get<Answer>(key);
      if (cached) return cached;
      const fetched = await fetchMemberOpenData(origin, allowPrivateAddress);
      if ("error" in fetched) log.warning("The open data of {origin} is left out of the federation's dashboard: {error}", { origin, error: fetched.error });
      await kv.set(key, fetched, { ttl: TTL });
      return fetched;
    }),
  );
  return {
    answered: answers.filter((a): a is MemberEvaluation => !("error" in a)),
    failed: answers.filter((a): a is { origin: string; error: string } => "error" in a),
  };
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
