// Good-practice sheets from the organisations and instances followed here
// (Create/Update/Delete of an Article), and the tries of our sheets by
// organisations elsewhere (a Note replying to our Article).
// An object is taken only from its own origin: the sender must be the author it
// names, on the object's origin, and the copy stored is the one that origin
// serves (fetched here, which also gives the entraide: extension, absent from
// what Fedify signs and delivers). An update never changes whose sheet it is.
import type { InboxContext } from "@fedify/fedify";
import { type Activity, Article, Hashtag, isActor, Note, Object as ASObject } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
// The build Fedify itself loads (@fedify/vocab-runtime), not the package's main entry:
// that one is a second copy of jsonld, for Node, which loads an HTTP client and
// undici at start (about 1 MB of code) for a document loader never used here.
import jsonld from "jsonld/dist/jsonld.esm.js";
import { INSTANCE_HANDLE } from "../../src/domain/actors/actors.ts";
import { parseIndicators } from "../../src/domain/practices/indicators.ts";
import { deleteRemotePractice, remotePracticeOwner, storeRemotePractice } from "../../src/domain/practices/library.ts";
import type { Indicators, NeedTemplate, TryReport } from "../../src/domain/practices/model.ts";
import { findPractice } from "../../src/domain/practices/practices.ts";
import { recordReceivedTry } from "../../src/domain/practices/tries.ts";
import { mayStore } from "../../src/domain/remote-needs/visibility.ts";
import { htmlToText, sanitizeRemoteHtml } from "../../src/domain/text/markdown.ts";
import { DOMAINS, isDomainSlug } from "../../src/domain/vocabulary/domains.ts";
import type { ContextData } from "../context.ts";
import { ENTRAIDE_NS } from "../convert/practice.ts";
import { instanceFollowsOrigin } from "../instance.ts";
import { findRemoteActor, rememberActor } from "../remote-actors.ts";

const log = getLogger(["entraide", "federation", "inbox", "practices"]);
const BY_HASHTAG = new Map(DOMAINS.map((d) => [d.hashtag.toLowerCase(), d.slug]));

type Node = Record<string, unknown>;
const values = (node: Node | undefined, term: string): unknown[] => {
  const v = node?.[`${ENTRAIDE_NS}${term}`];
  return Array.isArray(v) ? v : [];
};
const value = (node: Node | undefined, term: string): unknown => {
  const first = values(node, term)[0] as Node | undefined;
  return first && typeof first === "object" ? (first["@value"] ?? first["@id"]) : undefined;
};
const nodes = (node: Node | undefined, term: string): Node[] => values(node, term).filter((v): v is Node => Boolean(v) && typeof v === "object");
const text = (node: Node | undefined, term: string, max: number) => {
  const v = value(node, term);
  return typeof v === "string" ? v.slice(0, max) : "";
};

/** The extension's figures, expanded from JSON-LD (any valid shape of it), as plain indicators. */
function indicatorsFrom(node: Node | undefined): Indicators | null {
  if (!node) return null;
  const keys = ["needs", "needsDone", "volunteersWanted", "volunteersAccepted", "fillRate", "volunteerHours", "peopleHelped"];
  return parseIndicators(Object.fromEntries(keys.map((k) => [k, value(node, k) ?? null])));
}

/**
 * The object at `id` as its origin serves it (signed as our instance actor): the parsed
 * object and its expanded JSON-LD; null, with a logged reason, if it is not there with that id.
 */
async function fromOrigin(ctx: InboxContext<ContextData>, id: URL): Promise<{ object: ASObject; expanded: Node } | null> {
  try {
    const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_HANDLE });
    const { document, documentUrl } = await documentLoader(id.href);
    if (new URL(documentUrl).origin !== id.origin) {
      log.info("{id} redirected to another origin ({url}): dropped", { id: id.href, url: documentUrl });
      return null;
    }
    const object = await ASObject.fromJsonLd(document, { documentLoader, contextLoader: ctx.contextLoader, baseUrl: new URL(documentUrl) });
    const expanded = (await jsonld.expand(document, { documentLoader: ctx.contextLoader, base: documentUrl }))[0] ?? {};
    if (object.id?.href !== id.href) {
      log.info("{id} is not served with that id at its origin: dropped", { id: id.href });
      return null;
    }
    return { object, expanded };
  } catch (error) {
    log.info("{id} could not be fetched from its origin: dropped ({error})", { id: id.href, error });
    return null;
  }
}

/** The sender must be the author the object names, and both on the object's own origin. */
function ownWord(kind: string, id: URL, attribution: URL | null, sender: URL): boolean {
  if (id.origin === sender.origin && attribution?.href === sender.href) return true;
  log.info("{kind} {id} (by {author}) sent by {sender}: not from its own origin and author, refused", {
    kind,
    id: id.href,
    author: attribution?.href ?? "nobody",
    sender: sender.href,
  });
  return false;
}

/** Whether anyone here asked for what this actor publishes: our instance follows its server, or someone here follows it. */
async function wanted(ctx: InboxContext<ContextData>, actor: URL): Promise<boolean> {
  if (await instanceFollowsOrigin(ctx, actor.href)) return true;
  const remote = await findRemoteActor(ctx.data.db, actor.href);
  if (!remote) return false;
  const row = await ctx.data.db.selectFrom("following").select("actor_id").where("target_id", "=", remote.id).where("accepted", "=", 1).executeTakeFirst();
  return Boolean(row);
}

/** A sheet (Article) created or edited by an organisation elsewhere. */
export async function onPracticeArticle(ctx: InboxContext<ContextData>, activity: Activity, received: Article): Promise<void> {
  const sender = activity.actorId;
  const id = received.id;
  if (!id || !sender) return;
  if (id.origin === ctx.canonicalOrigin) {
    log.info("{id}: a sheet of ours, sent by {sender}: ignored", { id: id.href, sender: sender.href });
    return;
  }
  // The origin check comes first: whoever follows whom, nobody speaks for another server's sheet.
  if (!ownWord("Sheet", id, received.attributionId, sender)) return;
  if (!(await mayStore(ctx.data.policy, { uri: id.href, author: { uri: sender.href } }))) return;
  if (!(await wanted(ctx, sender))) {
    log.debug("Sheet {id} from {sender}, whom nobody here follows: ignored", { id: id.href, sender: sender.href });
    return;
  }
  const fetched = await fromOrigin(ctx, id);
  if (!fetched) return;
  const article = fetched.object;
  if (!(article instanceof Article) || !ownWord("Sheet", id, article.attributionId, sender)) return;
  let author = await findRemoteActor(ctx.data.db, sender.href);
  if (!author) {
    const actor = await article.getAttribution(ctx).catch(() => null);
    if (!isActor(actor)) return;
    author = await rememberActor(ctx.data.db, actor);
  }
  const owner = await remotePracticeOwner(ctx.data.db, id.href);
  if (owner && owner !== author.id) {
    log.info("Sheet {id} from {actor} is stored as another actor's: refused", { id: id.href, actor: author.uri });
    return;
  }
  const content = sanitizeRemoteHtml(article.content?.toString() ?? "").slice(0, 100_000);
  const title = (article.name?.toString() ?? htmlToText(content).split("\n")[0] ?? "").trim().slice(0, 200);
  if (!title) return;
  const tags = await Array.fromAsync(article.getTags(ctx)).catch(() => []);
  const tagged = tags.flatMap((t) => (t instanceof Hashtag ? [BY_HASHTAG.get(t.name?.toString().replace(/^#/, "").toLowerCase() ?? "")] : []));
  const ext = fetched.expanded;
  const templates: NeedTemplate[] = nodes(ext, "needTemplate")
    .slice(0, 20)
    .map((n) => ({
      title: text(n, "title", 200),
      description: text(n, "description", 20_000),
      domains: values(n, "domain")
        .map((d) => (d as Node)["@value"])
        .filter((d): d is string => typeof d === "string" && isDomainSlug(d)),
      scheduleKind: (["date", "range", "recurring", "flexible"] as const).find((k) => k === value(n, "scheduleKind")) ?? "flexible",
      volunteersWanted: Math.min(Math.max(Math.trunc(Number(value(n, "volunteersWanted"))) || 1, 1), 1000),
    }))
    .filter((n) => n.title.length >= 3);
  const tries: TryReport[] = nodes(ext, "tried")
    .slice(0, 200)
    .map((n) => ({
      organization: text(n, "organization", 200),
      town: text(n, "town", 200),
      date: text(n, "date", 40),
      needs: Math.min(Math.max(Math.trunc(Number(value(n, "needs"))) || 0, 0), 1000),
      indicators: indicatorsFrom(nodes(n, "indicators")[0]),
    }));
  const domains = [...new Set([...templates.flatMap((t) => t.domains), ...tagged.filter((d): d is string => Boolean(d))])];
  const kept = await storeRemotePractice(ctx.data.db, author.id, {
    uri: id.href,
    url: pageUrl(article, id),
    title,
    summary: htmlToText(article.summary?.toString() ?? "").slice(0, 1000),
    contentHtml: content,
    domains: DOMAINS.map((d) => d.slug).filter((s) => domains.includes(s)),
    language: article.contents.find((c) => typeof c === "object" && c !== null && "locale" in c)?.locale.language ?? null,
    indicators: indicatorsFrom(nodes(ext, "indicators")[0]) ?? { needs: 0, needsDone: 0, volunteersWanted: 0, volunteersAccepted: 0, fillRate: null, volunteerHours: 0, peopleHelped: 0 },
    templates,
    tries,
    published: article.published?.toString() ?? null,
  });
  log.info("{how} sheet {id} from {actor}", { how: kept ? "Stored" : "Refused", id: id.href, actor: author.uri });
}

/** The sheet's page: an http(s) address on its own origin (a link shown here), else its id. */
export function pageUrl(article: Article, id: URL): string {
  const url = article.url instanceof URL ? article.url : (article.url?.href ?? null);
  return url && (url.protocol === "https:" || url.protocol === "http:") && url.origin === id.origin ? url.href : id.href;
}

/** Its author deleted a sheet we stored; anyone else's Delete of it changes nothing. */
export async function onPracticeDelete(ctx: InboxContext<ContextData>, objectId: URL, actorId: URL): Promise<boolean> {
  if (!(await remotePracticeOwner(ctx.data.db, objectId.href))) return false;
  const author = await findRemoteActor(ctx.data.db, actorId.href);
  if (author && (await deleteRemotePractice(ctx.data.db, objectId.href, author.id))) log.info("Removed sheet {id}, deleted by its author", { id: objectId.href });
  else log.info("Delete of sheet {id} by {actor}, who is not its author: refused", { id: objectId.href, actor: actorId.href });
  return true;
}

/** Our sheet's id, when `uri` is one of our Articles. */
function localPracticeId(ctx: InboxContext<ContextData>, uri: URL | null): string | null {
  if (!uri) return null;
  const parsed = ctx.parseUri(uri);
  return parsed?.type === "object" && parsed.class === Article ? (parsed.values.id ?? null) : null;
}

/** An organisation elsewhere tried one of our sheets (a Note replying to it), or sent its results. False when it is no reply to a sheet of ours. */
export async function onTryNote(ctx: InboxContext<ContextData>, activity: Activity, received: Note): Promise<boolean> {
  const practiceId = localPracticeId(ctx, received.replyTargetId);
  const sender = activity.actorId;
  if (!practiceId || !received.id || !sender) return false;
  if (!ownWord("Try", received.id, received.attributionId, sender)) return true;
  const practice = await findPractice(ctx.data.db, practiceId);
  if (practice?.visibility !== "public") {
    log.info("Try {id} of sheet {practice}, which is not published: ignored", { id: received.id.href, practice: practiceId });
    return true;
  }
  if (!(await mayStore(ctx.data.policy, { uri: received.id.href, author: { uri: sender.href } }))) return true;
  const fetched = await fromOrigin(ctx, received.id);
  if (!fetched || !(fetched.object instanceof Note) || !ownWord("Try", received.id, fetched.object.attributionId, sender)) return true;
  const ext = fetched.expanded;
  if (value(ext, "tries") !== received.replyTargetId?.href) {
    log.debug("{id} replies to sheet {practice} but is no try of it: ignored", { id: received.id.href, practice: practiceId });
    return true;
  }
  let author = await findRemoteActor(ctx.data.db, sender.href);
  if (!author) {
    const actor = await fetched.object.getAttribution(ctx).catch(() => null);
    if (!isActor(actor)) return true;
    author = await rememberActor(ctx.data.db, actor);
  }
  const result = await recordReceivedTry(ctx.data.db, ctx.data.events, {
    uri: received.id.href,
    practiceId,
    actorId: author.id,
    town: text(ext, "town", 200) || new URL(author.uri).host,
    organizationName: text(ext, "organization", 200) || author.name || author.handle || author.uri,
    needs: Number(value(ext, "needs")) || 0,
    indicators: indicatorsFrom(nodes(ext, "indicators")[0]),
  });
  log.info("Try {id} of sheet {practice} by {actor}: {result}", { id: received.id.href, practice: practiceId, actor: author.uri, result });
  return true;
}
