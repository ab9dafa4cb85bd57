// Writing, editing and deleting the good-practice sheets of our organisations,
// and reading them. Only an organisation's coordinators (or an admin) write its
// sheets, and only from its own done needs; the change and its event commit together.
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, PracticesTable } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { newId } from "../ids.ts";
import { canCoordinate } from "../needs/service.ts";
import { findOrganization } from "../organizations/organizations.ts";
import { DOMAINS } from "../vocabulary/domains.ts";
import { foldText, type Practice, type PracticeCreate, type PracticePatch, type PracticeVisibility } from "./model.ts";

type Row = Selectable<PracticesTable> & { org_handle: string; org_name: string };

function query(db: Kysely<Database>) {
  return db
    .selectFrom("practices")
    .innerJoin("actors as org", "org.id", "practices.organization_id")
    .selectAll("practices")
    .select(["org.handle as org_handle", "org.name as org_name"]);
}

async function needIdsOf(db: Kysely<Database>, ids: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return map;
  const rows = await db.selectFrom("practice_needs").select(["practice_id", "need_id"]).where("practice_id", "in", ids).orderBy("need_id").execute();
  for (const r of rows) map.get(r.practice_id)?.push(r.need_id);
  return map;
}

function toPractice(row: Row, needIds: string[]): Practice {
  return {
    id: row.id,
    organization: { id: row.organization_id, handle: row.org_handle, name: row.org_name },
    title: row.title,
    summary: row.summary,
    context: row.context,
    actions: row.actions,
    motivation: row.motivation,
    watchOut: row.watch_out,
    contact: row.contact,
    domains: JSON.parse(row.domains) as string[],
    language: row.language,
    visibility: row.visibility as PracticeVisibility,
    needIds,
    created: row.created,
    updated: row.updated,
  };
}

export async function findPractice(db: Kysely<Database>, id: string): Promise<Practice | undefined> {
  const row = await query(db).where("practices.id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  return toPractice(row, (await needIdsOf(db, [id])).get(id) ?? []);
}

export async function findPractices(db: Kysely<Database>, ids: string[]): Promise<Practice[]> {
  if (ids.length === 0) return [];
  const rows = await query(db).where("practices.id", "in", ids).execute();
  const needs = await needIdsOf(db, rows.map((r) => r.id));
  return rows.map((r) => toPractice(r, needs.get(r.id) ?? []));
}

/** The sheets linking a need (their results change with its outcome). */
export async function practicesOfNeed(db: Kysely<Database>, needId: string): Promise<string[]> {
  const rows = await db.selectFrom("practice_needs").select("practice_id").where("need_id", "=", needId).execute();
  return rows.map((r) => r.practice_id);
}

/** Whether the viewer (an account, or nobody) may read the sheet: public ones everyone, local ones the accounts here. */
export function mayReadPractice(practice: Pick<Practice, "visibility">, signedIn: boolean): boolean {
  return practice.visibility === "public" || signedIn;
}

/** The needs a sheet is written from: each a done need of the organisation, or the whole is refused. */
async function checkNeeds(db: Kysely<Database>, organizationId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const rows = await db.selectFrom("needs").select(["id", "organization_id", "status", "domains"]).where("id", "in", unique).execute();
  const found = new Map(rows.map((r) => [r.id, r]));
  for (const id of unique) {
    const need = found.get(id);
    // A need of another organisation is refused like one that does not exist: nothing said of it.
    if (!need || need.organization_id !== organizationId || need.status !== "done") {
      throw new DomainError("invalid", `each need must be a done need of the organisation: ${id} is not`, "needs", "practice_need_unusable", { id });
    }
  }
  const domains = new Set(rows.flatMap((r) => JSON.parse(r.domains) as string[]));
  // In the vocabulary's order, the pilot domains first.
  return DOMAINS.map((d) => d.slug).filter((slug) => domains.has(slug));
}

function searchText(p: Pick<Practice, "title" | "summary" | "context" | "actions" | "motivation" | "watchOut">, orgName: string): string {
  return foldText([p.title, p.summary, p.context, p.actions, p.motivation, p.watchOut, orgName].join("\n"));
}

async function saveLinks(trx: Transaction<Database>, practiceId: string, needIds: string[]) {
  await trx.deleteFrom("practice_needs").where("practice_id", "=", practiceId).execute();
  await trx
    .insertInto("practice_needs")
    .values([...new Set(needIds)].map((need_id) => ({ practice_id: practiceId, need_id })))
    .execute();
}

export async function createPractice(db: Kysely<Database>, events: EventSink, account: Account, input: PracticeCreate): Promise<Practice> {
  const org = await findOrganization(db, input.organization);
  if (!org) {
    throw new DomainError("not_found", `no organisation @${input.organization} on this server`, "organization", "organization_not_found", { handle: input.organization });
  }
  if (!(await canCoordinate(db, account, org.id))) {
    throw new DomainError("forbidden", `only coordinators of @${org.handle} may write its sheets`, undefined, "coordinators_only", { handle: org.handle });
  }
  const needDomains = await checkNeeds(db, org.id, input.needs);
  const at = now();
  const practice: Practice = {
    id: newId(),
    organization: { id: org.id, handle: org.handle, name: org.name },
    title: input.title,
    summary: input.summary,
    context: input.context,
    actions: input.actions,
    motivation: input.motivation,
    watchOut: input.watch_out,
    contact: input.contact,
    domains: input.domains?.length ? input.domains : needDomains,
    language: input.language,
    visibility: input.visibility,
    needIds: [...new Set(input.needs)].sort(),
    created: at,
    updated: at,
  };
  await commitWithEvents(db, events, async (trx) => {
    await trx.insertInto("practices").values({ ...toRow(practice), search_text: searchText(practice, org.name), sent_digest: null }).execute();
    await saveLinks(trx, practice.id, practice.needIds);
    await events.emit(trx, { type: "practice.published", practiceId: practice.id });
  });
  return practice;
}

function toRow(p: Practice) {
  return {
    id: p.id,
    organization_id: p.organization.id,
    title: p.title,
    summary: p.summary,
    context: p.context,
    actions: p.actions,
    motivation: p.motivation,
    watch_out: p.watchOut,
    contact: p.contact,
    domains: JSON.stringify(p.domains),
    language: p.language,
    visibility: p.visibility,
    created: p.created,
    updated: p.updated,
  };
}

/** The sheet, for one who may change it; others get 403 (a local one is not hidden from accounts here). */
export async function practiceForCoordinator(db: Kysely<Database>, account: Account, id: string): Promise<Practice> {
  const practice = await findPractice(db, id);
  if (!practice) throw new DomainError("not_found", "no such sheet", undefined, "practice_not_found");
  if (!(await canCoordinate(db, account, practice.organization.id))) {
    throw new DomainError("forbidden", `only coordinators of @${practice.organization.handle} may do this`, undefined, "coordinators_only", {
      handle: practice.organization.handle,
    });
  }
  return practice;
}

export async function updatePractice(db: Kysely<Database>, events: EventSink, account: Account, id: string, patch: PracticePatch): Promise<Practice> {
  const before = await practiceForCoordinator(db, account, id);
  const p: Practice = structuredClone(before);
  if (patch.title !== undefined) p.title = patch.title;
  if (patch.summary !== undefined) p.summary = patch.summary;
  if (patch.context !== undefined) p.context = patch.context;
  if (patch.actions !== undefined) p.actions = patch.actions;
  if (patch.motivation !== undefined) p.motivation = patch.motivation;
  if (patch.watch_out !== undefined) p.watchOut = patch.watch_out;
  if (patch.contact !== undefined) p.contact = patch.contact;
  if (patch.language !== undefined) p.language = patch.language;
  if (patch.visibility !== undefined) p.visibility = patch.visibility;
  if (patch.needs !== undefined) {
    const domains = await checkNeeds(db, p.organization.id, patch.needs);
    p.needIds = [...new Set(patch.needs)].sort();
    if (!patch.domains?.length) p.domains = domains;
  }
  if (patch.domains?.length) p.domains = patch.domains;
  p.updated = now();
  await commitWithEvents(db, events, async (trx) => {
    const { id: _, created: __, ...row } = toRow(p);
    await trx.updateTable("practices").set({ ...row, search_text: searchText(p, p.organization.name) }).where("id", "=", id).execute();
    if (patch.needs !== undefined) await saveLinks(trx, id, p.needIds);
    await events.emit(trx, {
      type: "practice.updated",
      practiceId: id,
      organizationHandle: p.organization.handle,
      visibility: p.visibility,
      ...(before.visibility !== p.visibility && { previousVisibility: before.visibility }),
    });
  });
  return p;
}

export async function deletePractice(db: Kysely<Database>, events: EventSink, account: Account, id: string): Promise<void> {
  const practice = await practiceForCoordinator(db, account, id);
  await commitWithEvents(db, events, async (trx) => {
    await trx.deleteFrom("practices").where("id", "=", id).execute();
    // Only what was published leaves a Tombstone: a local sheet was never anyone else's to forget.
    if (practice.visibility === "public") {
      await trx
        .insertInto("tombstones")
        .values({ uri: `practice:${id}`, former_type: "Article", deleted: now() })
        .onConflict((oc) => oc.column("uri").doNothing())
        .execute();
    }
    await events.emit(trx, { type: "practice.deleted", practiceId: id, organizationHandle: practice.organization.handle, visibility: practice.visibility });
  });
}

export async function isDeletedPractice(db: Kysely<Database>, id: string): Promise<string | undefined> {
  return (await db.selectFrom("tombstones").select("deleted").where("uri", "=", `practice:${id}`).executeTakeFirst())?.deleted;
}

/** Records what was last federated of a sheet; whether it differs from what was (then an Update goes out). */
export async function markPracticeSent(db: Kysely<Database>, id: string, digest: string): Promise<boolean> {
  const result = await db
    .updateTable("practices")
    .set({ sent_digest: digest })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("sent_digest", "is", null), eb("sent_digest", "<>", digest)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The organisation's done needs a sheet may be written from (the form's choices). */
export async function doneNeedsOf(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom("needs")
    .select(["id", "title", "updated"])
    .where("organization_id", "=", organizationId)
    .where("status", "=", "done")
    .orderBy("updated", "desc")
    .limit(200)
    .execute();
}
