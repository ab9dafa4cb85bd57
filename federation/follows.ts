// A local user follows a remote actor (an organisation on another server),
// found by handle (@asso@town.example) or by URL.
import type { Context } from "@fedify/fedify";
import { isActor, type LookupObjectOptions, lookupObject } from "@fedify/vocab";
import { lookupWebFinger } from "@fedify/webfinger";
import { DomainError } from "../src/domain/errors.ts";
import { commitWithEvents } from "../src/domain/events.ts";
import { newId } from "../src/domain/ids.ts";
import type { ContextData } from "./context.ts";
import { addFollowing } from "./followers.ts";
import { type RemoteActor, rememberActor } from "./remote-actors.ts";

/** Finds an actor by handle or URL. */
export async function lookup(ctx: Context<ContextData>, query: string): Promise<unknown> {
  const allowPrivateAddress = ctx.data.network.allowPrivateAddress;
  // lookupObject reads allowPrivateAddress (for its WebFinger step) though its type does not list it.
  const options: LookupObjectOptions & { allowPrivateAddress: boolean } = {
    documentLoader: ctx.documentLoader,
    contextLoader: ctx.contextLoader,
    allowPrivateAddress,
  };
  const found = await lookupObject(query, options).catch(() => null);
  const handle = /^@?([^@\s]+)@([^@\s]+)$/.exec(query);
  if (found || !handle || !allowPrivateAddress) return found;
  // WebFinger on acct: handles is https only. On a local network (ALLOW_PRIVATE_ADDRESS),
  // servers often speak plain http: ask WebFinger about the actor's web page instead.
  const jrd = await lookupWebFinger(`http://${handle[2]}/@${handle[1]}`, { allowPrivateAddress }).catch(() => null);
  const self = jrd?.links?.find((l) => l.rel === "self" && l.type?.includes("activity+json"))?.href;
  return self ? lookupObject(self, options).catch(() => null) : null;
}

/** The URI of the actor a handle (@name@server) or URL names, when it is found and is an actor. */
export async function findActorUri(ctx: Context<ContextData>, query: string): Promise<string | null> {
  const found = await lookup(ctx, query.trim());
  return isActor(found) && found.id ? found.id.href : null;
}

export async function followRemote(ctx: Context<ContextData>, localActorId: string, target: string): Promise<RemoteActor> {
  const query = target.trim();
  const found = await lookup(ctx, query);
  if (!isActor(found) || !found.id) throw new DomainError("not_found", `no account found at ${query}`, "target", "remote_not_found", { target: query });
  if (found.id.origin === ctx.canonicalOrigin) throw new DomainError("invalid", "that account is on this server", "target", "remote_is_local");
  const verdict = await ctx.data.policy.verdict(found.id.host, found.id.href);
  if (verdict === "suspend" || verdict === "not-allowed") {
    throw new DomainError("forbidden", `this server does not federate with ${found.id.host}`, "target", "remote_blocked", {
      host: found.id.host,
    });
  }
  const remote = await rememberActor(ctx.data.db, found);
  const followUri = new URL(`/follows/${newId()}`, ctx.canonicalOrigin).href;
  await commitWithEvents(ctx.data.db, ctx.data.events, async (trx) => {
    await addFollowing(trx, localActorId, remote, followUri);
    await ctx.data.events.emit(trx, { type: "follow.requested", actorId: localActorId, targetId: remote.id, followUri });
  });
  return remote;
}
