// The library of practices: the sheets written here and those received from the
// instances and organisations followed here, searched together by domain and
// words. The sheets received are stored here and only here; their first author
// stays their owner (an update or deletion by anyone else changes nothing).
//
// Words are matched on a folded copy of each sheet's text (`search_text`: lower
// case, accents removed) with one LIKE per word: sheets are few (hundreds, not the
// needs' tens of thousands), and the same query then means the same on SQLite and
// PostgreSQL without a second full-text index (decision 0020).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { newId } from "../ids.ts";
import { practiceIndicators } from "./indicators.ts";
import { findPractices } from "./practices.ts";
import { foldText, type Indicators, type NeedTemplate, type Practice, queryWords, type RemotePractice, type TryReport } from "./model.ts";

export interface LibrarySearch {
  q?: string;
  domain?: string[];
  /** An account of this instance: local sheets too. */
  signedIn: boolean;
  /** `here`: our sheets; `elsewhere`: those received; all by default. */
  scope?: "here" | "elsewhere" | "all";
  limit?: number;
  offset?: number;
}

export type LibraryItem =
  | { kind: "here"; practice: Practice; indicators: Indicators; updated: string }
  | { kind: "elsewhere"; practice: RemotePractice; updated: string };

/** Local and remote sheets, newest first. */
export async function searchLibrary(db: Kysely<Database>, search: LibrarySearch): Promise<{ items: LibraryItem[]; more: boolean }> {
  const limit = Math.min(Math.max(search.limit ?? 20, 1), 100);
  const offset = Math.max(search.offset ?? 0, 0);
  const take = offset + limit + 1;
  const words = queryWords(search.q ?? "").map((w) => `%${w}%`);
  const domains = (search.domain ?? []).map((d) => `%${JSON.stringify(d)}%`);
  const scope = search.scope ?? "all";
  const found: { kind: "here" | "elsewhere"; id: string; updated: string }[] = [];
  if (scope !== "elsewhere") {
    let q = db.selectFrom("practices").select(["id", "updated"]);
    if (!search.signedIn) q = q.where("visibility", "=", "public");
    for (const w of words) q = q.where("search_text", "like", w);
    if (domains.length) q = q.where((eb) => eb.or(domains.map((d) => eb("domains", "like", d))));
    for (const r of await q.orderBy("updated", "desc").orderBy("id", "desc").limit(take).execute()) found.push({ kind: "here", ...r });
  }
  if (scope !== "here") {
    let q = db.selectFrom("remote_practices").select(["id", "updated"]);
    for (const w of words) q = q.where("search_text", "like", w);
    if (domains.length) q = q.where((eb) => eb.or(domains.map((d) => eb("domains", "like", d))));
    for (const r of await q.orderBy("updated", "desc").orderBy("id", "desc").limit(take).execute()) found.push({ kind: "elsewhere", ...r });
  }
  found.sort((a, b) => b.updated.localeCompare(a.updated) || b.id.localeCompare(a.id));
  const page = found.slice(offset, offset + limit);
  const locals = new Map((await findPractices(db, page.filter((p) => p.kind === "here").map((p) => p.id))).map((p) => [p.id, p]));
  const remotes = await findRemotePractices(db, page.filter((p) => p.kind === "elsewhere").map((p) => p.id));
  const items: LibraryItem[] = [];
  for (const p of page) {
    if (p.kind === "here") {
      const practice = locals.get(p.id);
      if (practice) items.push({ kind: "here", practice, indicators: await practiceIndicators(db, p.id), updated: p.updated });
    } else {
      const practice = remotes.get(p.id);
      if (practice) items.push({ kind: "elsewhere", practice, updated: p.updated });
    }
  }
  return { items, more: found.length > offset + limit };
}

function remoteQuery(db: Kysely<Database>) {
  return db
    .selectFrom("remote_practices as p")
    .innerJoin("remote_actors as a", "a.id", "p.actor_id")
    .selectAll("p")
    .select(["a.uri as actor_uri", "a.handle as actor_handle", "a.name as actor_name"]);
}

type RemoteRow = Awaited<ReturnType<ReturnType<typeof remoteQuery>["executeTakeFirstOrThrow"]>>;

function toRemotePractice(r: RemoteRow): RemotePractice {
  return {
    id: r.id,
    uri: r.uri,
    url: r.url,
    author: { id: r.actor_id, uri: r.actor_uri, handle: r.actor_handle, name: r.actor_name },
    title: r.title,
    summary: r.summary,
    contentHtml: r.content_html,
    domains: JSON.parse(r.domains) as string[],
    language: r.language,
    indicators: JSON.parse(r.indicators) as Indicators,
    templates: JSON.parse(r.templates) as NeedTemplate[],
    tries: JSON.parse(r.tries) as TryReport[],
    published: r.published,
    updated: r.updated,
  };
}

export async function findRemotePractice(db: Kysely<Database>, id: string): Promise<RemotePractice | undefined> {
  const row = await remoteQuery(db).where("p.id", "=", id).executeTakeFirst();
  return row ? toRemotePractice(row) : undefined;
}

export async function findRemotePracticeByUri(db: Kysely<Database>, uri: string): Promise<RemotePractice | undefined> {
  const row = await remoteQuery(db).where("p.uri", "=", uri).executeTakeFirst();
  return row ? toRemotePractice(row) : undefined;
}

async function findRemotePractices(db: Kysely<Database>, ids: string[]): Promise<Map<string, RemotePractice>> {
  if (ids.length === 0) return new Map();
  const rows = await remoteQuery(db).where("p.id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, toRemotePractice(r)]));
}

export interface ReceivedPractice {
  uri: string;
  url: string | null;
  title: string;
  summary: string;
  contentHtml: string;
  domains: string[];
  language: string | null;
  indicators: Indicators;
  templates: NeedTemplate[];
  tries: TryReport[];
  published: string | null;
}

/**
 * Stores a sheet received from `authorId` (a remote actor, checked by the caller to be of
 * the sheet's own origin): inserted, or updated when it is that author's. A sheet stored as
 * another actor's is left as it was: its id when stored, undefined when refused.
 */
export async function storeRemotePractice(db: Kysely<Database>, authorId: string, p: ReceivedPractice): Promise<string | undefined> {
  const fields = {
    url: p.url,
    title: p.title,
    summary: p.summary,
    content_html: p.contentHtml,
    domains: JSON.stringify(p.domains),
    language: p.language,
    indicators: JSON.stringify(p.indicators),
    templates: JSON.stringify(p.templates),
    tries: JSON.stringify(p.tries),
    search_text: foldText([p.title, p.summary, p.contentHtml.replace(/<[^>]*>/g, " ")].join("\n")),
    published: p.published,
    updated: now(),
  };
  await db
    .insertInto("remote_practices")
    .values({ id: newId(), uri: p.uri, actor_id: authorId, ...fields })
    .onConflict((oc) => oc.column("uri").doUpdateSet(fields).where("remote_practices.actor_id", "=", authorId))
    .execute();
  const kept = await db.selectFrom("remote_practices").select("id").where("uri", "=", p.uri).where("actor_id", "=", authorId).executeTakeFirst();
  return kept?.id;
}

/** The remote actor a sheet is stored as, if any. */
export async function remotePracticeOwner(db: Kysely<Database>, uri: string): Promise<string | undefined> {
  return (await db.selectFrom("remote_practices").select("actor_id").where("uri", "=", uri).executeTakeFirst())?.actor_id;
}

/** Its author deleted a sheet we stored: only its author may. */
export async function deleteRemotePractice(db: Kysely<Database>, uri: string, authorId: string): Promise<boolean> {
  const result = await db.deleteFrom("remote_practices").where("uri", "=", uri).where("actor_id", "=", authorId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Every sheet received, for an aggregator's combined indicators (with its tries). */
export async function allRemotePractices(db: Kysely<Database>): Promise<RemotePractice[]> {
  return (await remoteQuery(db).orderBy("p.updated", "desc").limit(1000).execute()).map(toRemotePractice);
}

