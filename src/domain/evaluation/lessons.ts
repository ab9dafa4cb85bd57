// What an organisation's coordinators wrote of their outcomes (what worked, what did
// not), to compare from one need to the next, and what its volunteers wrote in their
// answers: only for needs with 5 answers or more, in alphabetical order (not the order
// they came in), so that no sentence can be matched to whoever answered.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { SMALL_COUNT } from "../open-data/indicators.ts";

export interface Lesson {
  needId: string;
  title: string;
  /** The session's start, or null for the whole need. */
  occurrence: string | null;
  confirmed: string;
  worked: string;
  notWorked: string;
}

/** The latest outcomes of an organisation that say something. */
export async function lessonsOf(db: Kysely<Database>, organizationId: string, limit = 20): Promise<Lesson[]> {
  const rows = await db
    .selectFrom("outcomes as o")
    .innerJoin("needs as n", "n.id", "o.need_id")
    .select(["n.id", "n.title", "o.occurrence", "o.confirmed", "o.worked", "o.not_worked"])
    .where("n.organization_id", "=", organizationId)
    .where((eb) => eb.or([eb("o.worked", "<>", ""), eb("o.not_worked", "<>", "")]))
    .orderBy("o.confirmed", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ needId: r.id, title: r.title, occurrence: r.occurrence || null, confirmed: r.confirmed, worked: r.worked, notWorked: r.not_worked }));
}

/** The volunteers' own words, from the needs of the organisation with 5 answers or more, alphabetically. */
export async function volunteerWords(db: Kysely<Database>, organizationId: string, limit = 50): Promise<string[]> {
  const enough = db
    .selectFrom("survey_answers")
    .select("need_id")
    .where("organization_id", "=", organizationId)
    .groupBy("need_id")
    .having((eb) => eb.fn.countAll(), ">=", SMALL_COUNT);
  const rows = await db
    .selectFrom("survey_answers")
    .select("comment")
    .where("organization_id", "=", organizationId)
    .where("need_id", "in", enough)
    .where("comment", "<>", "")
    .orderBy("comment")
    .limit(limit)
    .execute();
  return rows.map((r) => r.comment);
}
