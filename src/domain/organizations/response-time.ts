// An organisation's reactivity, as JeVeuxAider.gouv.fr shows it: the median time
// from an application's arrival to its first decision (accepted or rejected),
// over its last 200 decided applications; nothing below 3 of them, where one slow
// or fast answer would say more than the habit.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

export const MIN_DECIDED = 3;

/** The median response time in hours, or null when too few applications were decided. */
export async function medianResponseHours(db: Kysely<Database>, organizationId: string): Promise<number | null> {
  const rows = await db
    .selectFrom("applications as a")
    .innerJoin("needs as n", "n.id", "a.need_id")
    .select(["a.created", "a.decided"])
    .where("n.organization_id", "=", organizationId)
    .where("a.decided", "is not", null)
    .orderBy("a.decided", "desc")
    .limit(200)
    .execute();
  if (rows.length < MIN_DECIDED) return null;
  const hours = rows.map((r) => (Date.parse(r.decided!) - Date.parse(r.created)) / 3_600_000).sort((a, b) => a - b);
  const mid = Math.floor(hours.length / 2);
  return hours.length % 2 ? hours[mid]! : (hours[mid - 1]! + hours[mid]!) / 2;
}
