// Actor documents: the instance (Application, FEP-2677), organisations (Group)
// and users (Person), each with an RSA-2048 key for HTTP Signatures and an
// Ed25519 Multikey for Object Integrity Proofs.
import type { Context, FederationBuilder } from "@fedify/fedify";
import { Application, Endpoints, Group, Image, Person, PropertyValue } from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import { findActorByHandle, INSTANCE_HANDLE, normalizeHandle } from "../src/domain/actors/actors.ts";
import { findOrganization } from "../src/domain/organizations/organizations.ts";
import type { ContextData } from "./context.ts";

const CLASSES = { Application, Group, Person } as const;

/** The web page of a local actor. */
export function actorPageUrl(origin: string, type: string, handle: string): URL {
  return new URL(type === "Application" ? "/about" : `/@${handle}`, origin);
}

/** The document of a local actor, as served at its id and sent in an `Update` when it changes. */
export async function localActor(ctx: Context<ContextData>, identifier: string): Promise<Application | Group | Person | null> {
  const actor = await findActorByHandle(ctx.data.db, identifier);
  if (!actor || actor.handle !== identifier) return null;
  const keys = await ctx.getActorKeyPairs(identifier);
  const Class = CLASSES[actor.type];
  const org = actor.type === "Group" ? await findOrganization(ctx.data.db, actor.handle) : undefined;
  const profile = org
    ? [
        ["Site web", org.website],
        ["Territoire", org.area],
        ["Contact", org.contact],
      ].flatMap(([name, value]) => (value ? [new PropertyValue({ name, value })] : []))
    : [];
  return new Class({
    id: ctx.getActorUri(identifier),
    preferredUsername: actor.handle,
    name: actor.name,
    summary: actor.summary || null,
    url: actorPageUrl(ctx.canonicalOrigin, actor.type, actor.handle),
    published: Temporal.Instant.from(actor.created),
    inbox: ctx.getInboxUri(identifier),
    outbox: ctx.getOutboxUri(identifier),
    followers: ctx.getFollowersUri(identifier),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey,
    assertionMethods: keys.map((k) => k.multikey),
    icon: org?.avatarUrl ? new Image({ url: new URL(org.avatarUrl) }) : null,
    attachments: profile,
    manuallyApprovesFollowers: false,
    discoverable: actor.type !== "Application",
  });
}

export function registerActors(builder: FederationBuilder<ContextData>): void {
  builder
    .setActorDispatcher("/actors/{identifier}", (ctx, identifier) => localActor(ctx, identifier))
    .setKeyPairsDispatcher(async (ctx, identifier) => {
      const actor = await findActorByHandle(ctx.data.db, identifier);
      if (!actor) return [];
      return ctx.data.keys.get(ctx.data.db, actor.id);
    })
    .mapHandle(async (ctx, username) => {
      const actor = await findActorByHandle(ctx.data.db, username);
      return actor?.handle ?? null;
    })
    .mapAlias(async (ctx, resource) => {
      // WebFinger on an actor's web page (https://host/@handle) finds the actor too.
      if (resource.origin !== ctx.canonicalOrigin) return null;
      const match = /^\/@([^/]+)$/.exec(resource.pathname);
      if (!match?.[1]) return resource.pathname === "/about" ? { identifier: INSTANCE_HANDLE } : null;
      const actor = await findActorByHandle(ctx.data.db, normalizeHandle(decodeURIComponent(match[1])));
      return actor ? { identifier: actor.handle } : null;
    });
}
