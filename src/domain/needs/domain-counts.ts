// How many open needs each domain has, among those the viewer may read: the home
// page lists the pilot domains first with their counts, then the others.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { visibleTo } from "../access/filters.ts";
import type { Viewer } from "../access/policy.ts";

export async function openNeedsByDomain(db: Kysely<Database>, viewer: Viewer): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("need_domains as d")
    .innerJoin("needs", "needs.id", "d.need_id")
    .select(["d.domain", (eb) => eb.fn.count<number>("needs.id").distinct().as("n")])
    .where("needs.published", "is not", null)
    .where("needs.status", "=", "open")
    .where(visibleTo(viewer))
    .groupBy("d.domain")
    .execute();
  return new Map(rows.map((r) => [r.domain, Number(r.n)]));
}
