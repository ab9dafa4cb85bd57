// Publishing, editing and closing needs. Only an organisation's coordinators
// (or an instance admin) may; the change and its event commit together.
import type { Kysely } from "kysely";
import { pictureKeys } from "../pictures/model.ts";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { mayManage } from "../access/policy.ts";
import { viewerOfAccount } from "../access/viewers.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink, type VolunteerNotice } from "../events.ts";
import { newId } from "../ids.ts";
import { findOrganization } from "../organizations/organizations.ts";
import { renderMarkdown } from "../text/markdown.ts";
import { narrowestVisibilityFor, safeguardingByDefault } from "../vocabulary/domains.ts";
import type { NeedCreate, NeedPatch } from "./input.ts";
import type { Need, NeedStatus, Schedule } from "./model.ts";
import { upcomingOccurrences } from "./occurrences.ts";
import { findNeed, saveNeed, scheduleBounds } from "./repository.ts";

/**
 * Which status may follow which. done is final; a filled or cancelled need may open
 * again (reopened), unless its schedule is past or no place is left (`reopenCheck`).
 */
const TRANSITIONS: Record<NeedStatus, NeedStatus[]> = {
  draft: ["open", "cancelled"],
  open: ["filled", "done", "cancelled"],
  filled: ["open", "done", "cancelled"],
  done: [],
  cancelled: ["open"],
};

/** A need reopened must still have a time to come and a place to take. */
function reopenCheck(need: Need, at: string): void {
  const s = need.schedule;
  // A recurring need is past when no session is left to come (a rule we cannot expand never is).
  const past =
    s.kind === "recurring"
      ? upcomingOccurrences(s, at, 1).length === 0 && upcomingOccurrences(s, s.start, 1).length > 0
      : (scheduleBounds(s).ends ?? "9999") < at;
  if (past) throw new DomainError("conflict", "its schedule is past: publish a new need (duplicate this one)", "status", "need_schedule_past");
  if (need.volunteersAccepted >= need.volunteersWanted) {
    throw new DomainError("conflict", "every place is taken: add places to reopen it", "volunteers_wanted", "need_full");
  }
}

/** Whether the account manages the organisation's needs: the access policy's `mayManage`, for callers that hold an account. */
export async function canCoordinate(db: Kysely<Database>, account: Account, organizationId: string): Promise<boolean> {
  return mayManage(await viewerOfAccount(db, account), { organization: { id: organizationId } });
}

function toSchedule(input: NeedCreate["schedule"]): Schedule {
  if (input.kind === "recurring") {
    return {
      kind: "recurring",
      rrule: input.rrule.replace(/^RRULE:/, ""),
      start: input.start,
      durationMinutes: input.duration_minutes,
    };
  }
  if (input.kind === "date") return { kind: "date", start: input.start, end: input.end ?? null };
  return input;
}

function toPlace(input: NeedCreate["place"]): Need["place"] {
  return {
    label: input.label,
    mode: input.mode,
    address: input.address ?? null,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    radiusKm: input.radius_km,
  };
}

/**
 * Details about the person helped are recorded only with their agreement (or their
 * representative's), on a day that has come: the coordinator says which (GDPR art. 9).
 */
function checkBeneficiaryConsent(need: Pick<Need, "beneficiary" | "beneficiaryConsent">): void {
  if (!need.beneficiary.trim()) return;
  if (!need.beneficiaryConsent) {
    throw new DomainError("invalid", "say on which day the person helped agreed that these details be recorded", "beneficiary_consent", "beneficiary_consent_required");
  }
  if (need.beneficiaryConsent > now().slice(0, 10)) {
    throw new DomainError("invalid", "the agreement of the person helped cannot be dated in the future", "beneficiary_consent", "beneficiary_consent_future");
  }
}

function checkSchedule(schedule: Schedule): void {
  if ((schedule.kind === "date" && schedule.end) || schedule.kind === "range") {
    const end = schedule.kind === "date" ? (schedule.end as string) : schedule.end;
    if (new Date(end) < new Date(schedule.start)) {
      throw new DomainError("invalid", "the schedule ends before it starts", "schedule.end", "schedule_end_before_start");
    }
  }
}

export async function createNeed(
  db: Kysely<Database>,
  events: EventSink,
  account: Account,
  input: NeedCreate,
): Promise<Need> {
  const org = await findOrganization(db, input.organization);
  if (!org) throw new DomainError("not_found", `no organisation @${input.organization} on this server`, "organization", "organization_not_found", {
      handle: input.organization,
    });
  if (!(await canCoordinate(db, account, org.id))) {
    throw new DomainError("forbidden", `only coordinators of @${org.handle} may publish its needs`, undefined, "coordinators_only", { handle: org.handle });
  }
  const schedule = toSchedule(input.schedule);
  checkSchedule(schedule);
  checkBeneficiaryConsent({ beneficiary: input.beneficiary, beneficiaryConsent: input.beneficiary_consent ?? null });
  const timestamp = now();
  const need: Need = {
    id: newId(),
    organization: { id: org.id, handle: org.handle, name: org.name },
    title: input.title,
    description: input.description,
    descriptionHtml: renderMarkdown(input.description),
    domains: input.domains,
    skills: input.skills,
    audience: input.audience,
    language: input.language,
    place: toPlace(input.place),
    schedule,
    volunteersWanted: input.volunteers_wanted,
    volunteersAccepted: 0,
    deadline: input.deadline ?? null,
    status: input.status,
    visibility: input.visibility ?? narrowestVisibilityFor(input.domains),
    safeguarding: input.safeguarding ?? safeguardingByDefault(input.domains),
    privateNotes: input.private_notes,
    beneficiary: input.beneficiary,
    beneficiaryConsent: input.beneficiary_consent ?? null,
    contact: input.contact || null,
    practicalDetails: input.practical_details ?? "",
    outcome: null,
    created: timestamp,
    updated: timestamp,
    published: input.status === "open" ? timestamp : null,
  };
  await commitWithEvents(db, events, async (trx) => {
    await saveNeed(trx, need, true);
    if (need.status === "open") await events.emit(trx, { type: "need.published", needId: need.id });
  });
  return need;
}

/** The need, for someone allowed to manage it; 404 for others so as not to reveal drafts. */
export async function needForCoordinator(db: Kysely<Database>, account: Account, id: string): Promise<Need> {
  const need = await findNeed(db, id);
  if (!need) throw new DomainError("not_found", "no such need", undefined, "need_not_found");
  if (!(await canCoordinate(db, account, need.organization.id))) {
    if (need.status === "draft") throw new DomainError("not_found", "no such need", undefined, "need_not_found");
    throw new DomainError("forbidden", `only coordinators of @${need.organization.handle} may do this`, undefined, "coordinators_only", {
      handle: need.organization.handle,
    });
  }
  return need;
}

export async function updateNeed(
  db: Kysely<Database>,
  events: EventSink,
  account: Account,
  id: string,
  patch: NeedPatch,
  /** What the accepted volunteers must be told of this change (a cancellation and its message). */
  options: { notice?: VolunteerNotice } = {},
): Promise<Need> {
  const before = await needForCoordinator(db, account, id);
  const need: Need = structuredClone(before);
  if (patch.title !== undefined) need.title = patch.title;
  if (patch.description !== undefined) {
    need.description = patch.description;
    need.descriptionHtml = renderMarkdown(patch.description);
  }
  if (patch.domains) need.domains = patch.domains;
  if (patch.skills) need.skills = patch.skills;
  if (patch.audience) need.audience = patch.audience;
  if (patch.language) need.language = patch.language;
  if (patch.place) need.place = toPlace(patch.place);
  if (patch.schedule) {
    need.schedule = toSchedule(patch.schedule);
    // The occurrences cancelled stay cancelled while the rule that made them is the same.
    const was = before.schedule;
    if (need.schedule.kind === "recurring" && was.kind === "recurring" && was.exdates?.length) {
      const same = need.schedule.rrule === was.rrule && Date.parse(need.schedule.start) === Date.parse(was.start);
      if (same) need.schedule.exdates = was.exdates;
    }
  }
  checkSchedule(need.schedule);
  if (patch.volunteers_wanted !== undefined) need.volunteersWanted = patch.volunteers_wanted;
  if (patch.deadline !== undefined) need.deadline = patch.deadline;
  if (patch.visibility) need.visibility = patch.visibility;
  if (patch.safeguarding !== undefined) need.safeguarding = patch.safeguarding;
  if (patch.private_notes !== undefined) need.privateNotes = patch.private_notes;
  if (patch.beneficiary !== undefined) need.beneficiary = patch.beneficiary;
  if (patch.beneficiary_consent !== undefined) need.beneficiaryConsent = patch.beneficiary_consent;
  // Only when the details change: a need recorded before the agreement was asked keeps its details until then.
  if (patch.beneficiary !== undefined || patch.beneficiary_consent !== undefined) checkBeneficiaryConsent(need);
  if (patch.contact !== undefined) need.contact = patch.contact || null;
  if (patch.practical_details !== undefined) need.practicalDetails = patch.practical_details;
  if (patch.outcome !== undefined) {
    need.outcome = patch.outcome && {
      volunteerHours: patch.outcome.volunteer_hours,
      peopleHelped: patch.outcome.people_helped,
      testimony: patch.outcome.testimony,
    };
  }
  if (patch.status && patch.status !== before.status) {
    if (!TRANSITIONS[before.status].includes(patch.status)) {
      throw new DomainError("conflict", `a need cannot go from ${before.status} to ${patch.status}`, "status", "need_transition", {
        from: before.status,
        to: patch.status,
      });
    }
    need.status = patch.status;
    if (need.status === "open" && before.published) reopenCheck(need, now());
  } else if (patch.volunteers_wanted !== undefined) {
    // More or fewer places: the need may fill up or open again.
    if (need.status === "open" && need.volunteersAccepted >= need.volunteersWanted) need.status = "filled";
    if (need.status === "filled" && need.volunteersAccepted < need.volunteersWanted) need.status = "open";
  }
  // A recurring need adds up its occurrences' outcomes while it goes on (src/domain/outcomes/).
  if (need.outcome && need.status !== "done" && !(patch.outcome === undefined && need.schedule.kind === "recurring")) {
    throw new DomainError("invalid", "an outcome is recorded when the need is done", "outcome", "outcome_when_done");
  }
  need.updated = now();
  // What its accepted volunteers must hear of: a cancellation (with the coordinator's words
  // when given), or a change of when or where it happens.
  const notice = options.notice ?? volunteerNotice(before, need);
  const publishing = need.status === "open" && !need.published;
  if (publishing) need.published = need.updated;
  await commitWithEvents(db, events, async (trx) => {
    await saveNeed(trx, need, false);
    if (publishing) await events.emit(trx, { type: "need.published", needId: need.id });
    else if (need.published) {
      // Local-only changes too: what a change of visibility means to other servers is the federation's call.
      await events.emit(trx, {
        type: "need.updated",
        needId: need.id,
        organizationHandle: need.organization.handle,
        visibility: need.visibility,
        ...(before.visibility !== need.visibility && { previousVisibility: before.visibility }),
        ...(notice && { notice }),
      });
    }
  });
  return need;
}

function volunteerNotice(before: Need, after: Need): VolunteerNotice | undefined {
  if (after.status === "cancelled" && before.status !== "cancelled") return { kind: "cancelled", message: null };
  if (after.status === "cancelled" || after.status === "done") return undefined;
  const where = (n: Need) => JSON.stringify([n.place.label, n.place.mode, n.place.address]);
  // Instants compared as instants: the form and the API may write the same one differently.
  const instant = (iso: string | null | undefined) => (iso ? (Date.parse(iso) || iso) : null);
  const when = (n: Need) => {
    const s = n.schedule;
    if (s.kind === "recurring") return JSON.stringify([s.kind, s.rrule, instant(s.start), s.durationMinutes]);
    if (s.kind === "date") return JSON.stringify([s.kind, instant(s.start), instant(s.end)]);
    return JSON.stringify(s);
  };
  return where(before) !== where(after) || when(before) !== when(after) ? { kind: "changed", message: null } : undefined;
}

/** Deletes a need; answers the storage keys of its picture's files, for the caller to forget (pictures/pictures.ts `forgetFiles`). */
export async function deleteNeed(db: Kysely<Database>, events: EventSink, account: Account, id: string): Promise<string[]> {
  const need = await needForCoordinator(db, account, id);
  await commitWithEvents(db, events, async (trx) => {
    await trx.deleteFrom("needs").where("id", "=", id).execute();
    await trx
      .insertInto("tombstones")
      .values({ uri: `need:${id}`, former_type: "Note", deleted: now() })
      .onConflict((oc) => oc.column("uri").doNothing())
      .execute();
    if (need.published) {
      await events.emit(trx, {
        type: "need.deleted",
        needId: id,
        organizationHandle: need.organization.handle,
        visibility: need.visibility,
      });
    }
  });
  return pictureKeys(need.image);
}

export async function isDeletedNeed(db: Kysely<Database>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom("tombstones").select("deleted").where("uri", "=", `need:${id}`).executeTakeFirst();
  return row?.deleted;
}
