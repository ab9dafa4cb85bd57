// What a done need, or one occurrence of a recurring need, achieved: the coordinator
// confirms a short form pre-filled from the data (the volunteers accepted, the hours the
// slots make, the people helped) and says what worked and what did not. The outcome never
// names the person helped: nothing of the need's beneficiary is read here, and the form
// says not to write it. `needs.outcome` stays the need's total over its outcomes (open
// data and the practice sheets read it). The volunteers who took part are asked the one
// question once (src/domain/outcomes/survey.ts): the event `outcome.confirmed` names the
// applications asked for the first time.
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { newId } from "../ids.ts";
import type { Need, Outcome } from "../needs/model.ts";
import { occurrenceKey, occurrencesBetween } from "../needs/occurrences.ts";
import { needForCoordinator, updateNeed } from "../needs/service.ts";

export const OutcomeConfirmation = z.object({
  /** One occurrence of a recurring need (its start, ISO); absent: the whole need, which becomes done. */
  occurrence: z.iso.datetime({ offset: true }).optional(),
  /** The accepted applications whose volunteers came. */
  participants: z.array(z.string().max(100)).max(500),
  hours_per_volunteer: z.number().min(0).max(10_000),
  people_helped: z.number().int().min(0).max(100_000),
  worked: z.string().max(5000).default(""),
  not_worked: z.string().max(5000).default(""),
  /** The public testimony kept on the need's page (needs.outcome.testimony). */
  testimony: z.string().max(5000).optional(),
});
export type OutcomeConfirmation = z.infer<typeof OutcomeConfirmation>;

export interface OutcomeParticipant {
  applicationId: string;
  /** The volunteer's name as the coordinators know it (never the person helped). */
  name: string;
  remote: boolean;
  /** Ticked in the form: everyone accepted, unless a confirmed outcome said otherwise. */
  came: boolean;
}

/** The form, pre-filled: from a confirmed outcome when there is one, else from the data. */
export interface OutcomeDraft {
  need: { id: string; title: string; organization: { handle: string; name: string }; status: Need["status"]; recurring: boolean };
  occurrence: string | null;
  participants: OutcomeParticipant[];
  /** Slots × their duration, in hours, for each volunteer. */
  hoursPerVolunteer: number;
  peopleHelped: number;
  worked: string;
  notWorked: string;
  testimony: string;
  /** When an outcome was confirmed already (the form then changes it). */
  confirmed: string | null;
  /** The past occurrences of a recurring need, and whether each has its outcome. */
  occurrences: { start: string; confirmed: boolean }[];
}

const HOUR_MS = 3_600_000;

/** The past occurrences of a recurring need (at most the last 200), oldest first. */
function pastOccurrences(need: Need, at: string): string[] {
  if (need.schedule.kind !== "recurring") return [];
  // rrule counts in whole seconds: a second before the first start takes it in.
  const from = new Date(Date.parse(need.schedule.start) - 1000);
  return occurrencesBetween(need.schedule, from, new Date(at)).slice(-200);
}

/** The hours each volunteer gave, as the schedule says: one slot, or every slot of the need. */
function scheduledHours(need: Need, occurrence: string | null, at: string): number {
  const s = need.schedule;
  if (s.kind === "recurring") return Math.round(((s.durationMinutes / 60) * (occurrence ? 1 : Math.max(1, pastOccurrences(need, at).length))) * 100) / 100;
  if (s.kind === "date" && s.end) return Math.round(((Date.parse(s.end) - Date.parse(s.start)) / HOUR_MS) * 100) / 100;
  return 0;
}

async function acceptedParticipants(db: Kysely<Database>, needId: string) {
  return db
    .selectFrom("applications as a")
    .leftJoin("actors as u", "u.id", "a.user_id")
    .leftJoin("remote_actors as r", "r.id", "a.remote_actor_id")
    .select(["a.id", "a.user_id", "a.remote_actor_id", "u.name as user_name", "u.handle as user_handle", "r.name as remote_name", "r.handle as remote_handle"])
    .where("a.need_id", "=", needId)
    .where("a.status", "in", ["accepted", "done"])
    .orderBy("a.created")
    .execute();
}

function checkOccurrence(need: Need, occurrence: string | undefined, at: string): string {
  if (occurrence === undefined) return "";
  if (need.schedule.kind !== "recurring") throw new DomainError("invalid", "only a recurring need has occurrences", "occurrence", "outcome_occurrence");
  const key = occurrenceKey(occurrence);
  if (!pastOccurrences(need, at).includes(key)) {
    throw new DomainError("invalid", "not a past occurrence of this need", "occurrence", "outcome_occurrence");
  }
  return key;
}

/** The outcome form of a need (or of one occurrence), pre-filled, for its coordinators. */
export async function outcomeDraft(db: Kysely<Database>, account: Account, needId: string, occurrence?: string, at = now()): Promise<OutcomeDraft> {
  const need = await needForCoordinator(db, account, needId);
  const key = checkOccurrence(need, occurrence, at);
  const existing = await db.selectFrom("outcomes").selectAll().where("need_id", "=", need.id).where("occurrence", "=", key).executeTakeFirst();
  const came = existing
    ? new Set((await db.selectFrom("outcome_participants").select("application_id").where("outcome_id", "=", existing.id).execute()).map((r) => r.application_id))
    : null;
  const participants = (await acceptedParticipants(db, need.id)).map((r) => ({
    applicationId: r.id,
    name: r.user_id ? r.user_name || r.user_handle || "" : r.remote_name || r.remote_handle || "",
    remote: r.user_id === null,
    came: came ? came.has(r.id) : true,
  }));
  const confirmedOccurrences = new Set(
    (await db.selectFrom("outcomes").select("occurrence").where("need_id", "=", need.id).execute()).map((r) => r.occurrence),
  );
  let hoursPerVolunteer = scheduledHours(need, key || null, at);
  if (existing) {
    const n = came?.size ?? 0;
    hoursPerVolunteer = n > 0 ? Math.round((existing.volunteer_hours / n) * 100) / 100 : hoursPerVolunteer;
  }
  return {
    need: { id: need.id, title: need.title, organization: { handle: need.organization.handle, name: need.organization.name }, status: need.status, recurring: need.schedule.kind === "recurring" },
    occurrence: key || null,
    participants,
    hoursPerVolunteer,
    peopleHelped: existing?.people_helped ?? 0,
    worked: existing?.worked ?? "",
    notWorked: existing?.not_worked ?? "",
    testimony: need.outcome?.testimony ?? "",
    confirmed: existing?.confirmed ?? null,
    occurrences: pastOccurrences(need, at).map((start) => ({ start, confirmed: confirmedOccurrences.has(start) })),
  };
}

/** The need's total over its outcomes: what `needs.outcome` holds. */
async function needTotal(trx: Transaction<Database>, needId: string, testimony: string): Promise<Outcome> {
  const row = await trx
    .selectFrom("outcomes")
    .select((eb) => [eb.fn.sum<number>("volunteer_hours").as("hours"), eb.fn.sum<number>("people_helped").as("helped")])
    .where("need_id", "=", needId)
    .executeTakeFirstOrThrow();
  return { volunteerHours: Math.round(Number(row.hours ?? 0) * 100) / 100, peopleHelped: Number(row.helped ?? 0), testimony };
}

export interface ConfirmedOutcome {
  id: string;
  needId: string;
  occurrence: string | null;
  volunteerHours: number;
  peopleHelped: number;
  participants: string[];
  /** The applications whose volunteers are asked the one question now (the others were asked already). */
  asked: string[];
  total: Outcome;
}

/**
 * Confirms (or corrects) the outcome of a need, or of one past occurrence of a recurring
 * one. The whole need's outcome makes it done (through `updateNeed`: the same transitions
 * and events as any change of status).
 */
export async function confirmOutcome(
  db: Kysely<Database>,
  events: EventSink,
  account: Account,
  needId: string,
  input: OutcomeConfirmation,
  at = now(),
): Promise<ConfirmedOutcome> {
  let need = await needForCoordinator(db, account, needId);
  const key = checkOccurrence(need, input.occurrence, at);
  if (!key && need.status !== "done" && need.status !== "open" && need.status !== "filled") {
    throw new DomainError("conflict", `a ${need.status} need has no outcome`, "status", "need_transition", { from: need.status, to: "done" });
  }
  const accepted = new Set((await acceptedParticipants(db, need.id)).map((r) => r.id));
  const participants = [...new Set(input.participants)];
  const stranger = participants.find((id) => !accepted.has(id));
  if (stranger) throw new DomainError("invalid", "a participant must be a volunteer accepted for this need", "participants", "outcome_participant");
  const testimony = input.testimony ?? need.outcome?.testimony ?? "";
  const hours = Math.round(input.hours_per_volunteer * 100) / 100;
  const volunteerHours = Math.round(hours * participants.length * 100) / 100;
  // The whole need is done first, as any change of status (its federation says "done").
  if (!key && need.status !== "done") {
    need = await updateNeed(db, events, account, need.id, { status: "done", outcome: { volunteer_hours: volunteerHours, people_helped: input.people_helped, testimony } });
  }
  return commitWithEvents(db, events, async (trx) => {
    const existing = await trx.selectFrom("outcomes").select("id").where("need_id", "=", need.id).where("occurrence", "=", key).executeTakeFirst();
    const id = existing?.id ?? newId();
    if (existing) {
      await trx
        .updateTable("outcomes")
        .set({ volunteer_hours: volunteerHours, people_helped: input.people_helped, worked: input.worked, not_worked: input.not_worked, confirmed: at })
        .where("id", "=", id)
        .execute();
      await trx.deleteFrom("outcome_participants").where("outcome_id", "=", id).execute();
    } else {
      await trx
        .insertInto("outcomes")
        .values({ id, need_id: need.id, occurrence: key, volunteer_hours: volunteerHours, people_helped: input.people_helped, worked: input.worked, not_worked: input.not_worked, confirmed: at })
        .execute();
    }
    if (participants.length > 0) {
      await trx.insertInto("outcome_participants").values(participants.map((application_id) => ({ outcome_id: id, application_id, hours }))).execute();
    }
    // Asked once: an application asked at an earlier occurrence is not asked again.
    const already = new Set(
      participants.length
        ? (await trx.selectFrom("surveys").select("application_id").where("application_id", "in", participants).execute()).map((r) => r.application_id)
        : [],
    );
    const asked = participants.filter((p) => !already.has(p));
    if (asked.length > 0) await trx.insertInto("surveys").values(asked.map((application_id) => ({ application_id, need_id: need.id, asked: at, note_uri: null }))).execute();
    const total = await needTotal(trx, need.id, testimony);
    await trx.updateTable("needs").set({ outcome: JSON.stringify(total), updated: at }).where("id", "=", need.id).execute();
    await events.emit(trx, { type: "outcome.confirmed", needId: need.id, outcomeId: id, asked });
    return { id, needId: need.id, occurrence: key || null, volunteerHours, peopleHelped: input.people_helped, participants, asked, total };
  });
}

/** The outcomes confirmed for a need, newest occurrence first (for its coordinators' pages). */
export async function outcomesOf(db: Kysely<Database>, needId: string) {
  return db.selectFrom("outcomes").selectAll().where("need_id", "=", needId).orderBy("occurrence", "desc").execute();
}
