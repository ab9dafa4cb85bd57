// Applications: someone offers to help with a need; a coordinator decides.
// From a local citizen, or from any fediverse account (a reply, an Offer, a Join).
import type { Kysely, Selectable, Transaction } from "kysely";
import type { ApplicationsTable, Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { newId } from "../ids.ts";
import { mayApply, mayManage, mayReadApplication, type Viewer } from "../access/policy.ts";
import { viewerOfAccount, viewerOfRemoteActor } from "../access/viewers.ts";
import type { ApplicationDecision } from "./input.ts";
import { closedReason, placesLeft } from "./model.ts";
import { checkChosenOccurrences, saveChosenOccurrences } from "./chosen-occurrences.ts";
import { findNeed } from "./repository.ts";
import { needForCoordinator } from "./service.ts";
import { requireSafeguarding } from "../safeguarding/checks.ts";

export type ApplicationStatus = "pending" | "accepted" | "rejected" | "withdrawn" | "done";
export type ApplicationSource = "account" | "note" | "offer" | "join";

export interface Application {
  id: string;
  needId: string;
  applicant:
    | { kind: "account"; userId: string; username: string; name: string }
    | { kind: "remote"; actorId: string; uri: string; handle: string | null; name: string; url: string | null };
  message: string;
  quantity: number;
  status: ApplicationStatus;
  reason: string | null;
  source: ApplicationSource;
  public: boolean;
  activityUri: string | null;
  objectUri: string | null;
  /** The language a remote applicant wrote in, when known: they are answered in it. */
  language: string | null;
  /** An applicant of this instance agreed to give the organisation their email address (mayReadApplicantEmail). */
  shareEmail: boolean;
  created: string;
  updated: string;
}

/** Statuses a decision may move from. */
const ALLOWED: Record<ApplicationDecision["status"] | "withdrawn", ApplicationStatus[]> = {
  accepted: ["pending"],
  rejected: ["pending", "accepted"],
  done: ["accepted"],
  withdrawn: ["pending", "accepted"],
};

function query(db: Kysely<Database>) {
  return db
    .selectFrom("applications as a")
    .leftJoin("actors as u", "u.id", "a.user_id")
    .leftJoin("remote_actors as r", "r.id", "a.remote_actor_id")
    .selectAll("a")
    .select([
      "u.handle as user_handle",
      "u.name as user_name",
      "r.uri as remote_uri",
      "r.handle as remote_handle",
      "r.name as remote_name",
      "r.url as remote_url",
    ]);
}

type Row = Selectable<ApplicationsTable> & {
  user_handle: string | null;
  user_name: string | null;
  remote_uri: string | null;
  remote_handle: string | null;
  remote_name: string | null;
  remote_url: string | null;
};

function toApplication(row: Row): Application {
  return {
    id: row.id,
    needId: row.need_id,
    applicant: row.user_id
      ? { kind: "account", userId: row.user_id, username: row.user_handle ?? "", name: row.user_name ?? "" }
      : {
          kind: "remote",
          actorId: row.remote_actor_id ?? "",
          uri: row.remote_uri ?? "",
          handle: row.remote_handle,
          name: row.remote_name ?? "",
          url: row.remote_url,
        },
    message: row.message,
    quantity: row.quantity,
    status: row.status as ApplicationStatus,
    reason: row.reason,
    source: row.source as ApplicationSource,
    public: Boolean(row.public),
    activityUri: row.activity_uri,
    objectUri: row.object_uri,
    language: row.language,
    shareEmail: Boolean(row.share_email),
    created: row.created,
    updated: row.updated,
  };
}

export async function findApplication(db: Kysely<Database>, id: string): Promise<Application | undefined> {
  const row = await query(db).where("a.id", "=", id).executeTakeFirst();
  return row ? toApplication(row) : undefined;
}

export async function findApplicationByActivity(db: Kysely<Database>, uri: string): Promise<Application | undefined> {
  const row = await query(db)
    .where((eb) => eb.or([eb("a.activity_uri", "=", uri), eb("a.object_uri", "=", uri)]))
    .executeTakeFirst();
  return row ? toApplication(row) : undefined;
}

/**
 * The need, if this applicant may apply to it now. One who may not read it
 * is told it does not exist, as reading it would.
 */
async function openNeed(db: Kysely<Database>, needId: string, viewer: Viewer) {
  const need = await findNeed(db, needId);
  if (!need || !mayApply(viewer, need)) throw new DomainError("not_found", "no such need", undefined, "need_not_found");
  // The rule the pages, the Note and the API word (closedReason): one answer for all.
  const closed = closedReason({ status: need.status, placesLeft: placesLeft(need), deadline: need.deadline });
  if (closed === "deadline") {
    throw new DomainError("conflict", `applications closed on ${need.deadline}`, undefined, "applications_closed", { date: need.deadline ?? "" });
  }
  if (closed) {
    const status = closed === "full" ? "filled" : need.status;
    throw new DomainError("conflict", `this need is ${status}: it takes no more applications`, undefined, "need_closed", { status });
  }
  return need;
}

/** A local citizen offers to help (`source`: through the pages or the API). */
export async function applyWithAccount(
  db: Kysely<Database>,
  events: EventSink,
  account: Account,
  needId: string,
  message: string,
  source: "web" | "api",
  /** The request's, when the caller has it (src/http/auth.ts); otherwise built from the account. */
  viewer?: Viewer,
  /**
   * `shareEmail`: the applicant agrees that the organisation sees their email address (not unless said);
   * `occurrences`: the dates of a recurring need they answer for (none: every date).
   */
  options: { shareEmail?: boolean; occurrences?: readonly string[] } = {},
): Promise<Application> {
  const need = await openNeed(db, needId, viewer ?? (await viewerOfAccount(db, account)));
  const dates = checkChosenOccurrences(need, options.occurrences ?? [], now());
  const existing = await db
    .selectFrom("applications")
    .select("id")
    .where("need_id", "=", needId)
    .where("user_id", "=", account.id)
    .where("status", "in", ["pending", "accepted"])
    .executeTakeFirst();
  if (existing) throw new DomainError("conflict", "you have already offered to help with this need", undefined, "already_applied");
  const id = newId();
  const timestamp = now();
  await commitWithEvents(db, events, async (trx) => {
    await trx
      .insertInto("applications")
      .values({
        id,
        need_id: needId,
        user_id: account.id,
        message,
        status: "pending",
        source: "account",
        share_email: options.shareEmail ? 1 : 0,
        created: timestamp,
        updated: timestamp,
      })
      .execute();
    await saveChosenOccurrences(trx, id, dates);
    await events.emit(trx, { type: "application.received", applicationId: id, needId, source });
  });
  return (await findApplication(db, id))!;
}

export interface RemoteApplicationInput {
  needId: string;
  remoteActorId: string;
  message: string;
  source: Exclude<ApplicationSource, "account">;
  public: boolean;
  quantity?: number;
  /** The activity (or note) it arrived as: receiving it twice changes nothing. */
  activityUri: string;
  /** What to reply to: the applicant's own note, or the activity. */
  objectUri: string;
  /** The language of their message (its contentMap), when it said. */
  language?: string | null;
}

/** Records an application that came over federation; the same activity twice yields the same application. */
export async function recordRemoteApplication(
  db: Kysely<Database>,
  events: EventSink,
  input: RemoteApplicationInput,
): Promise<{ application: Application; created: boolean }> {
  const seen = await findApplicationByActivity(db, input.activityUri);
  if (seen) return { application: seen, created: false };
  await openNeed(db, input.needId, await viewerOfRemoteActor(db, input.remoteActorId));
  const id = newId();
  const timestamp = now();
  const inserted = await commitWithEvents(db, events, async (trx) => {
    const inserted = await trx
      .insertInto("applications")
      .values({
        id,
        need_id: input.needId,
        remote_actor_id: input.remoteActorId,
        message: input.message,
        quantity: Math.max(1, Math.min(input.quantity ?? 1, 100)),
        status: "pending",
        source: input.source,
        public: input.public ? 1 : 0,
        activity_uri: input.activityUri,
        object_uri: input.objectUri,
        language: input.language ?? null,
        created: timestamp,
        updated: timestamp,
      })
      .onConflict((oc) => oc.column("activity_uri").doNothing())
      .executeTakeFirst();
    const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    if (created) await events.emit(trx, { type: "application.received", applicationId: id, needId: input.needId, source: "federation" });
    return created;
  });
  if (!inserted) {
    return { application: (await findApplicationByActivity(db, input.activityUri))!, created: false };
  }
  return { application: (await findApplication(db, id))!, created: true };
}

export async function listApplications(db: Kysely<Database>, account: Account, needId: string): Promise<Application[]> {
  await needForCoordinator(db, account, needId);
  const rows = await query(db).where("a.need_id", "=", needId).orderBy("a.created").execute();
  return rows.map(toApplication);
}

export async function listMyApplications(db: Kysely<Database>, account: Account): Promise<Application[]> {
  const rows = await query(db).where("a.user_id", "=", account.id).orderBy("a.created", "desc").execute();
  return rows.map(toApplication);
}

/** A coordinator accepts, rejects (with a reason) or marks done; the applicant may withdraw. */
export async function decideApplication(
  db: Kysely<Database>,
  events: EventSink,
  account: Account,
  applicationId: string,
  decision: ApplicationDecision | { status: "withdrawn" },
): Promise<Application> {
  const application = await findApplication(db, applicationId);
  if (!application) throw new DomainError("not_found", "no such application", undefined, "application_not_found");
  const need = await findNeed(db, application.needId);
  if (!need) throw new DomainError("not_found", "no such application", undefined, "application_not_found");
  const viewer = await viewerOfAccount(db, account);
  const coordinator = mayManage(viewer, need);
  const own = application.applicant.kind === "account" && application.applicant.userId === account.id;
  if (decision.status === "withdrawn" ? !own : !coordinator) {
    if (!mayReadApplication(viewer, application, need)) throw new DomainError("not_found", "no such application", undefined, "application_not_found");
    throw decision.status === "withdrawn"
      ? new DomainError("forbidden", "only the applicant may withdraw", undefined, "applicant_only")
      : new DomainError("forbidden", "only the need's coordinators may decide", undefined, "coordinators_only", { handle: need.organization.handle });
  }
  if (!ALLOWED[decision.status].includes(application.status)) {
    throw new DomainError("conflict", `an application that is ${application.status} cannot become ${decision.status}`, "status", "application_transition", {
      from: application.status,
      to: decision.status,
    });
  }
  // A need with minors or vulnerable adults takes only the volunteers its organisation checked in person.
  if (decision.status === "accepted") await requireSafeguarding(db, need, application);
  return commitWithEvents(db, events, async (trx) => {
    await changeStatus(trx, application, decision.status, decision.status === "rejected" ? decision.reason : null);
    const updated = (await findApplication(trx, applicationId))!;
    // What was decided, as it was: a consumer running later must not read a decision taken since.
    if (decision.status === "withdrawn") await events.emit(trx, { type: "application.withdrawn", applicationId, needId: need.id });
    else {
      const reason = decision.status === "rejected" ? (decision.reason ?? null) : null;
      await events.emit(trx, { type: "application.decided", applicationId, needId: need.id, status: decision.status, reason });
    }
    if (updated.status !== application.status && (wasCounted(application.status) || wasCounted(updated.status))) {
      await events.emit(trx, { type: "need.updated", needId: need.id, organizationHandle: need.organization.handle, visibility: need.visibility });
    }
    return updated;
  });
}

/** A remote applicant withdrew (deleted the reply, Undo, Leave). */
export async function withdrawRemote(
  db: Kysely<Database>,
  events: EventSink,
  application: Application,
): Promise<void> {
  if (!ALLOWED.withdrawn.includes(application.status)) return;
  await commitWithEvents(db, events, async (trx) => {
    await changeStatus(trx, application, "withdrawn", null);
    await events.emit(trx, { type: "application.withdrawn", applicationId: application.id, needId: application.needId });
    const need = wasCounted(application.status) ? await findNeed(trx, application.needId) : undefined;
    if (need) await events.emit(trx, { type: "need.updated", needId: need.id, organizationHandle: need.organization.handle, visibility: need.visibility });
  });
}

const wasCounted = (status: ApplicationStatus) => status === "accepted" || status === "done";

/**
 * Moves an application to a status and keeps the need's count of accepted
 * volunteers (and so its filled/open status) right, in the transaction that
 * also writes the events announcing it.
 */
async function changeStatus(
  trx: Transaction<Database>,
  application: Application,
  status: ApplicationStatus,
  reason: string | null,
): Promise<void> {
  const delta = (wasCounted(status) ? 1 : 0) - (wasCounted(application.status) ? 1 : 0);
  const timestamp = now();
  await trx
    .updateTable("applications")
    .set((eb) => ({
      status,
      reason,
      updated: timestamp,
      // The first decision is when the organisation answered (its response time).
      ...((status === "accepted" || status === "rejected") && { decided: eb.fn.coalesce("decided", eb.val(timestamp)) }),
    }))
    .where("id", "=", application.id)
    .execute();
  if (delta === 0) return;
  const need = await trx
    .selectFrom("needs")
    .select(["volunteers_wanted", "volunteers_accepted", "status"])
    .where("id", "=", application.needId)
    .executeTakeFirstOrThrow();
  const accepted = Math.max(0, need.volunteers_accepted + delta * application.quantity);
  let needStatus = need.status;
  if (needStatus === "open" && accepted >= need.volunteers_wanted) needStatus = "filled";
  else if (needStatus === "filled" && accepted < need.volunteers_wanted) needStatus = "open";
  await trx
    .updateTable("needs")
    .set({ volunteers_accepted: accepted, status: needStatus, updated: timestamp })
    .where("id", "=", application.needId)
    .execute();
}

/** The viewer's own application to a need that still counts (pending or accepted), if any: the need's page then says so instead of offering its form again. */
export async function myLiveApplicationStatus(db: Kysely<Database>, viewer: Viewer, needId: string): Promise<"pending" | "accepted" | null> {
  if (viewer.kind !== "account") return null;
  const row = await db
    .selectFrom("applications")
    .select("status")
    .where("need_id", "=", needId)
    .where("user_id", "=", viewer.id)
    .where("status", "in", ["pending", "accepted"])
    .executeTakeFirst();
  return (row?.status as "pending" | "accepted" | undefined) ?? null;
}
