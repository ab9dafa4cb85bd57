// "Try it too": an organisation here makes draft needs from a sheet's needs (ours
// or another server's), and the sheet's author hears of it; and the tries of our
// sheets that other servers tell us of. Drafts copy only what was published of
// each need (title, description, domains, the kind of schedule, places): never a
// private field, never anything about a person helped.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { newId } from "../ids.ts";
import type { Need, Schedule } from "../needs/model.ts";
import { saveNeed } from "../needs/repository.ts";
import { canCoordinate } from "../needs/service.ts";
import { renderMarkdown } from "../text/markdown.ts";
import { findOrganization } from "../organizations/organizations.ts";
import { isDomainSlug, narrowestVisibilityFor, safeguardingByDefault } from "../vocabulary/domains.ts";
import { tryIndicators } from "./indicators.ts";
import { findRemotePractice } from "./library.ts";
import type { Indicators, NeedTemplate, TryReport } from "./model.ts";
import { findPractice } from "./practices.ts";

/** The needs of a sheet written here, as "try it too" copies them. */
export async function templatesOf(db: Kysely<Database>, practiceId: string): Promise<NeedTemplate[]> {
  const rows = await db
    .selectFrom("practice_needs as p")
    .innerJoin("needs", "needs.id", "p.need_id")
    .select(["needs.title", "needs.description", "needs.domains", "needs.schedule", "needs.volunteers_wanted"])
    .where("p.practice_id", "=", practiceId)
    .orderBy("needs.published")
    .execute();
  return rows.map((r) => ({
    title: r.title,
    description: r.description,
    domains: JSON.parse(r.domains) as string[],
    scheduleKind: (JSON.parse(r.schedule) as Schedule).kind,
    volunteersWanted: r.volunteers_wanted,
  }));
}

/** A schedule of the same kind to start from, a few weeks on: the coordinators set the real one before publishing. */
function scheduleLike(kind: NeedTemplate["scheduleKind"], at: string): Schedule {
  const day = new Date(Date.parse(at) + 28 * 86_400_000);
  const date = day.toISOString().slice(0, 10);
  switch (kind) {
    case "date":
      return { kind: "date", start: `${date}T10:00:00.000Z`, end: `${date}T12:00:00.000Z` };
    case "range":
      return { kind: "range", start: date, end: new Date(day.getTime() + 30 * 86_400_000).toISOString().slice(0, 10) };
    case "recurring":
      return { kind: "recurring", rrule: "FREQ=WEEKLY", start: `${date}T10:00:00.000Z`, durationMinutes: 120 };
    default:
      return { kind: "flexible" };
  }
}

export type TryTarget = { kind: "here"; id: string } | { kind: "elsewhere"; id: string };

/** Makes the drafts and records the try; `practice.tried` tells the sheet's author (here, or by the federation). */
export async function tryPractice(
  db: Kysely<Database>,
  events: EventSink,
  account: Account,
  organizationHandle: string,
  target: TryTarget,
): Promise<{ tryId: string; needIds: string[] }> {
  const org = await findOrganization(db, organizationHandle);
  if (!org) {
    throw new DomainError("not_found", `no organisation @${organizationHandle} on this server`, "organization", "organization_not_found", { handle: organizationHandle });
  }
  if (!(await canCoordinate(db, account, org.id))) {
    throw new DomainError("forbidden", `only coordinators of @${org.handle} may try a sheet for it`, undefined, "coordinators_only", { handle: org.handle });
  }
  let templates: NeedTemplate[];
  let uri: string;
  let title: string;
  let language = "fr";
  if (target.kind === "here") {
    const practice = await findPractice(db, target.id);
    if (!practice) throw new DomainError("not_found", "no such sheet", undefined, "practice_not_found");
    templates = await templatesOf(db, practice.id);
    uri = `practice:${practice.id}`;
    title = practice.title;
    language = practice.language;
  } else {
    const practice = await findRemotePractice(db, target.id);
    if (!practice) throw new DomainError("not_found", "no such sheet", undefined, "practice_not_found");
    templates = practice.templates;
    uri = practice.uri;
    title = practice.title;
    language = practice.language === "en" ? "en" : "fr";
  }
  if (templates.length === 0) throw new DomainError("conflict", "this sheet has no need to copy", undefined, "practice_not_triable");
  const at = now();
  const needs: Need[] = templates.slice(0, 20).map((t) => {
    const domains = t.domains.filter(isDomainSlug).slice(0, 5);
    return {
      id: newId(),
      organization: { id: org.id, handle: org.handle, name: org.name },
      title: t.title.slice(0, 200),
      description: t.description.slice(0, 20_000),
      descriptionHtml: renderMarkdown(t.description.slice(0, 20_000)),
      domains,
      skills: [],
      audience: [],
      language,
      place: { label: language === "en" ? "To be set" : "À préciser", mode: "on_site", address: null, latitude: null, longitude: null, radiusKm: 2 },
      schedule: scheduleLike(t.scheduleKind, at),
      volunteersWanted: Math.min(Math.max(Math.trunc(t.volunteersWanted) || 1, 1), 1000),
      volunteersAccepted: 0,
      deadline: null,
      status: "draft",
      visibility: narrowestVisibilityFor(domains),
      // A drafted need keeps the instance's default for its domains: the trying town meets its volunteers first.
      safeguarding: safeguardingByDefault(domains),
      privateNotes: "",
      beneficiary: "",
      beneficiaryConsent: null,
      contact: null,
      practicalDetails: "",
      outcome: null,
      created: at,
      updated: at,
      published: null,
    };
  });
  const tryId = newId();
  await commitWithEvents(db, events, async (trx) => {
    for (const need of needs) await saveNeed(trx, need, true);
    await trx
      .insertInto("practice_tries")
      .values({
        id: tryId,
        organization_id: org.id,
        practice_id: target.kind === "here" ? target.id : null,
        remote_practice_id: target.kind === "elsewhere" ? target.id : null,
        practice_uri: uri,
        practice_title: title,
        sent_digest: null,
        created: at,
        updated: at,
      })
      .execute();
    await trx.insertInto("practice_try_needs").values(needs.map((n) => ({ try_id: tryId, need_id: n.id }))).execute();
    await events.emit(trx, { type: "practice.tried", tryId });
  });
  return { tryId, needIds: needs.map((n) => n.id) };
}

export interface LocalTry {
  id: string;
  organization: { id: string; handle: string; name: string };
  practiceId: string | null;
  remotePracticeId: string | null;
  practiceUri: string;
  practiceTitle: string;
  created: string;
  updated: string;
  needIds: string[];
}

function triesQuery(db: Kysely<Database>) {
  return db
    .selectFrom("practice_tries as t")
    .innerJoin("actors as org", "org.id", "t.organization_id")
    .selectAll("t")
    .select(["org.handle as org_handle", "org.name as org_name"]);
}

type TryRow = Awaited<ReturnType<ReturnType<typeof triesQuery>["executeTakeFirstOrThrow"]>>;

async function toTries(db: Kysely<Database>, rows: TryRow[]): Promise<LocalTry[]> {
  if (rows.length === 0) return [];
  const links = await db.selectFrom("practice_try_needs").select(["try_id", "need_id"]).where("try_id", "in", rows.map((r) => r.id)).execute();
  return rows.map((r) => ({
    id: r.id,
    organization: { id: r.organization_id, handle: r.org_handle, name: r.org_name },
    practiceId: r.practice_id,
    remotePracticeId: r.remote_practice_id,
    practiceUri: r.practice_uri,
    practiceTitle: r.practice_title,
    created: r.created,
    updated: r.updated,
    needIds: links.filter((l) => l.try_id === r.id).map((l) => l.need_id),
  }));
}

export async function findTry(db: Kysely<Database>, id: string): Promise<LocalTry | undefined> {
  return (await toTries(db, await triesQuery(db).where("t.id", "=", id).execute()))[0];
}

/** The tries made here that include a need (their results change with its outcome). */
export async function triesOfNeed(db: Kysely<Database>, needId: string): Promise<LocalTry[]> {
  const ids = db.selectFrom("practice_try_needs").select("try_id").where("need_id", "=", needId);
  return toTries(db, await triesQuery(db).where("t.id", "in", ids).execute());
}

/** Records what was last sent of a try; whether it changed. */
export async function markTrySent(db: Kysely<Database>, id: string, digest: string): Promise<boolean> {
  const result = await db
    .updateTable("practice_tries")
    .set({ sent_digest: digest })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("sent_digest", "is", null), eb("sent_digest", "<>", digest)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A try's results, once one of its needs is done; null before (nothing to report yet). */
export async function tryResults(db: Kysely<Database>, tryId: string): Promise<Indicators | null> {
  const indicators = await tryIndicators(db, tryId);
  return indicators.needsDone > 0 ? indicators : null;
}

/**
 * Where a sheet was tried: by organisations here (`town`: this instance's name) and by
 * those elsewhere that told us, oldest first.
 */
export async function triesOfPractice(db: Kysely<Database>, practiceId: string, town: string): Promise<TryReport[]> {
  const local = await toTries(db, await triesQuery(db).where("t.practice_id", "=", practiceId).orderBy("t.created").execute());
  const reports: TryReport[] = [];
  for (const t of local) {
    reports.push({ organization: t.organization.name, town, date: t.created, needs: t.needIds.length, indicators: await tryResults(db, t.id) });
  }
  const received = await db.selectFrom("practice_tries_received").selectAll().where("practice_id", "=", practiceId).orderBy("created").execute();
  for (const r of received) {
    reports.push({
      organization: r.organization_name,
      town: r.town,
      date: r.created,
      needs: r.needs_count,
      indicators: r.indicators ? (JSON.parse(r.indicators) as Indicators) : null,
    });
  }
  return reports.sort((a, b) => a.date.localeCompare(b.date));
}

/** The tries made here of a sheet received from elsewhere (its page here shows them). */
export async function ourTriesOfRemote(db: Kysely<Database>, remotePracticeId: string, town: string): Promise<TryReport[]> {
  const local = await toTries(db, await triesQuery(db).where("t.remote_practice_id", "=", remotePracticeId).orderBy("t.created").execute());
  const reports: TryReport[] = [];
  for (const t of local) {
    reports.push({ organization: t.organization.name, town, date: t.created, needs: t.needIds.length, indicators: await tryResults(db, t.id) });
  }
  return reports;
}

export interface ReceivedTry {
  uri: string;
  practiceId: string;
  actorId: string;
  town: string;
  organizationName: string;
  needs: number;
  indicators: Indicators | null;
}

/**
 * An organisation elsewhere tried one of our sheets, or sent its results: stored, or
 * updated when it is the same actor's; one stored as another actor's is left as it was.
 */
export async function recordReceivedTry(db: Kysely<Database>, events: EventSink, t: ReceivedTry): Promise<"stored" | "updated" | "refused"> {
  const existing = await db.selectFrom("practice_tries_received").select(["id", "actor_id", "practice_id"]).where("uri", "=", t.uri).executeTakeFirst();
  if (existing && (existing.actor_id !== t.actorId || existing.practice_id !== t.practiceId)) return "refused";
  const at = now();
  const fields = {
    town: t.town.slice(0, 200),
    organization_name: t.organizationName.slice(0, 200),
    needs_count: Math.min(Math.max(Math.trunc(t.needs), 0), 1000),
    indicators: t.indicators ? JSON.stringify(t.indicators) : null,
    updated: at,
  };
  const id = existing?.id ?? newId();
  await commitWithEvents(db, events, async (trx) => {
    if (existing) await trx.updateTable("practice_tries_received").set(fields).where("id", "=", id).execute();
    else await trx.insertInto("practice_tries_received").values({ id, uri: t.uri, practice_id: t.practiceId, actor_id: t.actorId, created: at, ...fields }).execute();
    await events.emit(trx, { type: "practice-try.received", receivedId: id, practiceId: t.practiceId, created: !existing });
  });
  return existing ? "updated" : "stored";
}
