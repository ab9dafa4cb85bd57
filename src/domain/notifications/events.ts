// The "notifications" consumer of the event stream: events become notifications
// (the in-app list) and their mail jobs, written together, once per event and
// user (the dedupe key: an event given again tells nobody twice). Who is told:
// - a new application: the coordinators of the need's organisation;
// - a 3-day pending application (scheduled): the same coordinators;
// - a decision, a change or cancellation of a need (`need.updated` with a notice),
//   the day-before reminder (scheduled): the volunteers who are accounts here
//   (remote ones hear of it from the federation consumer, as direct messages);
// - a need published: the organisation's local followers who turned alerts on and
//   may read it (the access policy decides, for each of them).
import { chosenOccurrences } from "../needs/chosen-occurrences.ts";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { mayRead } from "../access/policy.ts";
import { viewerOfAccount } from "../access/viewers.ts";
import type { DomainEvent, EventConsumer } from "../events.ts";
import { followersWithAlerts } from "../follows/follows.ts";
import { findApplication } from "../needs/applications.ts";
import { findNeed } from "../needs/repository.ts";
import { notify } from "./repository.ts";
import { findPractice } from "../practices/practices.ts";
import { findTry } from "../practices/tries.ts";

/** Who is told that a sheet is tried, and what: its organisation's coordinators, once per try (not when its results come). */
async function practiceTried(db: Kysely<Database>, event: Extract<DomainEvent, { type: "practice.tried" | "practice-try.received" }>) {
  if (event.type === "practice.tried") {
    const tried = await findTry(db, event.tryId);
    const practice = tried?.practiceId ? await findPractice(db, tried.practiceId) : undefined;
    if (!tried || !practice) return null;
    return {
      organizationId: practice.organization.id,
      cause: `practice.tried:${tried.id}`,
      details: { practice: practice.id, title: practice.title, organization: tried.organization.name, town: "" },
    };
  }
  if (!event.created) return null;
  const row = await db.selectFrom("practice_tries_received").selectAll().where("id", "=", event.receivedId).executeTakeFirst();
  const practice = await findPractice(db, event.practiceId);
  if (!row || !practice) return null;
  return {
    organizationId: practice.organization.id,
    cause: `practice.tried:${row.id}`,
    details: { practice: practice.id, title: practice.title, organization: row.organization_name, town: row.town },
  };
}

async function coordinatorsOf(db: Kysely<Database>, organizationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("m.user_id")
    .where("m.organization_id", "=", organizationId)
    .where("m.role", "=", "coordinator")
    .where("u.suspended", "=", 0)
    .execute();
  return rows.map((r) => r.user_id);
}

/** The accounts here accepted for the need (those a change or a reminder concerns). */
async function acceptedAccounts(db: Kysely<Database>, needId: string): Promise<{ userId: string; applicationId: string }[]> {
  const rows = await db
    .selectFrom("applications")
    .select(["id", "user_id"])
    .where("need_id", "=", needId)
    .where("status", "=", "accepted")
    .where("user_id", "is not", null)
    .execute();
  return rows.map((r) => ({ userId: r.user_id!, applicationId: r.id }));
}

export function notificationEvents(db: Kysely<Database>): EventConsumer {
  return async (event) => {
    await handle(db, event);
  };
}

async function handle(db: Kysely<Database>, event: DomainEvent): Promise<void> {
  switch (event.type) {
    case "application.received":
    case "application.pending": {
      const application = await findApplication(db, event.applicationId);
      const need = await findNeed(db, event.needId);
      if (!application || !need) return;
      // A reminder only while it still waits.
      if (event.type === "application.pending" && application.status !== "pending") return;
      const coordinators = await coordinatorsOf(db, need.organization.id);
      const who =
        application.applicant.kind === "account" ? { actorId: application.applicant.userId } : { remoteActorId: application.applicant.actorId };
      await db.transaction().execute(async (trx) => {
        for (const userId of coordinators) {
          await notify(trx, { userId, type: event.type, needId: need.id, applicationId: application.id, ...who, cause: `${event.type}:${application.id}` });
        }
      });
      return;
    }
    case "application.withdrawn": {
      const application = await findApplication(db, event.applicationId);
      const need = await findNeed(db, event.needId);
      if (!application || !need) return;
      const coordinators = await coordinatorsOf(db, need.organization.id);
      const who =
        application.applicant.kind === "account" ? { actorId: application.applicant.userId } : { remoteActorId: application.applicant.actorId };
      await db.transaction().execute(async (trx) => {
        for (const userId of coordinators) {
          await notify(trx, { userId, type: "application.withdrawn", needId: need.id, applicationId: application.id, ...who, cause: `application.withdrawn:${application.id}` });
        }
      });
      return;
    }
    case "application.decided": {
      if (event.status === "done") return;
      const application = await findApplication(db, event.applicationId);
      if (application?.applicant.kind !== "account") return;
      const need = await findNeed(db, event.needId);
      if (!need) return;
      const userId = application.applicant.userId;
      const type = event.status === "accepted" ? "application.accepted" : "application.rejected";
      await db.transaction().execute((trx) =>
        notify(trx, {
          userId,
          type,
          needId: need.id,
          applicationId: application.id,
          actorId: need.organization.id,
          details: event.status === "rejected" ? { reason: event.reason ?? "other" } : {},
          // One per decision: accepted, then rejected, is two (an application is accepted once, rejected once at most).
          cause: `${type}:${application.id}`,
        }),
      );
      return;
    }
    case "need.updated": {
      const notice = event.notice;
      if (!notice) return;
      const need = await findNeed(db, event.needId);
      if (!need) return;
      const everyone = await acceptedAccounts(db, need.id);
      // One cancelled session concerns those who come to it: not who chose other dates (issue 16).
      const chosen = notice.occurrence ? await chosenOccurrences(db, everyone.map((a) => a.applicationId)) : new Map<string, string[]>();
      const accepted = everyone.filter((a) => !notice.occurrence || (chosen.get(a.applicationId)?.includes(notice.occurrence) ?? true));
      const type = notice.kind === "changed" ? "need.changed" : "need.cancelled";
      await db.transaction().execute(async (trx) => {
        for (const { userId, applicationId } of accepted) {
          await notify(trx, {
            userId,
            type,
            needId: need.id,
            applicationId,
            actorId: need.organization.id,
            details: { message: notice.message, ...(notice.occurrence && { occurrence: notice.occurrence }) },
            cause: `${type}:${need.id}:${need.updated}:${notice.occurrence ?? ""}`,
          });
        }
      });
      return;
    }
    case "application.reminder": {
      const application = await findApplication(db, event.applicationId);
      if (application?.applicant.kind !== "account" || application.status !== "accepted") return;
      const need = await findNeed(db, event.needId);
      if (!need) return;
      const userId = application.applicant.userId;
      await db.transaction().execute((trx) =>
        notify(trx, {
          userId,
          type: "need.reminder",
          needId: need.id,
          applicationId: application.id,
          actorId: need.organization.id,
          details: { occurrence: event.occurrence },
          cause: `need.reminder:${application.id}:${event.occurrence}`,
        }),
      );
      return;
    }
    case "need.expired": {
      const need = await findNeed(db, event.needId);
      if (!need) return;
      const coordinators = await coordinatorsOf(db, need.organization.id);
      await db.transaction().execute(async (trx) => {
        for (const userId of coordinators) {
          await notify(trx, { userId, type: "need.expired", needId: need.id, actorId: need.organization.id, cause: `need.expired:${need.id}` });
        }
      });
      return;
    }
    case "need.published": {
      const need = await findNeed(db, event.needId);
      if (need?.status !== "open") return;
      const followers = await followersWithAlerts(db, need.organization.id);
      const told: string[] = [];
      for (const userId of followers) {
        const user = await db.selectFrom("users").select(["id", "role"]).where("id", "=", userId).executeTakeFirst();
        if (user && mayRead(await viewerOfAccount(db, { id: user.id, role: user.role }), need)) told.push(userId);
      }
      await db.transaction().execute(async (trx) => {
        for (const userId of told) {
          await notify(trx, { userId, type: "need.published", needId: need.id, actorId: need.organization.id, cause: `need.published:${need.id}` });
        }
      });
      return;
    }
    case "outcome.confirmed": {
      // The one question, to each volunteer of this instance asked for the first time.
      if (event.asked.length === 0) return;
      const need = await findNeed(db, event.needId);
      if (!need) return;
      const asked = await db
        .selectFrom("applications")
        .select(["id", "user_id"])
        .where("id", "in", event.asked)
        .where("user_id", "is not", null)
        .execute();
      await db.transaction().execute(async (trx) => {
        for (const { id, user_id } of asked) {
          await notify(trx, { userId: user_id!, type: "outcome.survey", needId: need.id, applicationId: id, actorId: need.organization.id, cause: `outcome.survey:${id}` });
        }
      });
      return;
    }
    case "practice.tried":
    case "practice-try.received": {
      const told = await practiceTried(db, event);
      if (!told) return;
      const coordinators = await coordinatorsOf(db, told.organizationId);
      await db.transaction().execute(async (trx) => {
        for (const userId of coordinators) {
          await notify(trx, { userId, type: "practice.tried", details: told.details, cause: told.cause });
        }
      });
      return;
    }
    default:
      return;
  }
}
