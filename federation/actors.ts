// Actor documents: the instance (Application, FEP-2677), organisations (Group)
// and users (Person), each with an RSA-2048 key for HTTP Signatures and an
// Ed25519 Multikey for Object Integrity Proofs.
import type { Context, FederationBuilder } from "@fedify/fedify";
import { Application, Endpoints, Group, Image, Person, PropertyValue, Tombstone } from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import { findActorByHandle, INSTANCE_HANDLE, normalizeHandle } from "../src/domain/actors/actors.ts";
import { findActorWithProfile } from "../src/domain/organizations/organizations.ts";
import { findErasedAccount } from "../src/domain/privacy/erase.ts";
import { renderMarkdown } from "../src/domain/text/markdown.ts";
import { pictureToImage } from "./convert/picture.ts";
import type { ContextData } from "./context.ts";

const CLASSES = { Application, Group, Person } as const;
const WEBFINGER_PATH = "/.well-known/webfinger";

/** The web page of a local actor. */
export function actorPageUrl(origin: string, type: string, handle: string): URL {
  return new URL(type === "Application" ? "/about" : `/@${handle}`, origin);
}

/**
 * The document of a local actor, as served at its id and sent in an `Update` when
 * it changes; `light` (for WebFinger) has the links and key ids, no document.
 */
export async function localActor(
  ctx: Context<ContextData>,
  identifier: string,
  options: { light?: boolean } = {},
): Promise<Application | Group | Person | null> {
  const found = await findActorWithProfile(ctx.data.db, identifier);
  if (!found || found.actor.handle !== identifier) return null;
  const { actor, organization: org } = found;
  const Class = CLASSES[actor.type];
  // What WebFinger and Fedify's checks of an actor read; the document has the rest.
  const values = () => {
    const id = ctx.getActorUri(identifier);
    return {
      id,
      preferredUsername: actor.handle,
      url: actorPageUrl(ctx.canonicalOrigin, actor.type, actor.handle),
      inbox: ctx.getInboxUri(identifier),
      outbox: ctx.getOutboxUri(identifier),
      followers: ctx.getFollowersUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      // The logo uploaded here, else the address given at creation.
      icon: org?.logo ? pictureToImage(ctx, org.logo) : org?.avatarUrl ? new Image({ url: new URL(org.avatarUrl) }) : null,
      image: org?.image ? pictureToImage(ctx, org.image) : null,
    };
  };
  const light = async () => {
    // The keys' ids as Fedify's getActorKeyPairs() names them; their documents are in the actor's.
    const pairs = await ctx.data.keys.get(ctx.data.db, actor.id);
    const some = values();
    return new Class({
      ...some,
      publicKey: pairs.length > 0 ? new URL("#main-key", some.id) : null,
      assertionMethods: pairs.map((_, i) => new URL(`#multikey-${i + 1}`, some.id)),
    });
  };
  // WebFinger answers with links only: neither keys nor a document are needed.
  if (options.light) return light();
  // The keys of an actor never change once created: its id stands for them.
  const input = { actor, profile: org && [org.website, org.area, org.contact, org.avatarUrl, org.description, org.logo?.key, org.image?.key] };
  return ctx.data.documents.object(`actor ${actor.id}`, {
    input,
    contextLoader: ctx.contextLoader,
    async full() {
      const keys = await ctx.getActorKeyPairs(identifier);
      const profile = org
        ? [
            ["Site web", org.website && websiteLink(org.website)],
            ["Territoire", org.area],
            ["Contact", org.contact],
          ].flatMap(([name, value]) => (value ? [new PropertyValue({ name, value })] : []))
        : [];
      return new Class({
        ...values(),
        name: actor.name,
        // An organisation's description is Markdown: its rendered (sanitised) HTML, as Mastodon shows a profile's note.
        summary: org?.description ? renderMarkdown(org.description) : actor.summary || null,
        published: Temporal.Instant.from(actor.created),
        manuallyApprovesFollowers: false,
        discoverable: actor.type !== "Application",
        publicKey: keys[0]?.cryptographicKey,
        assertionMethods: keys.map((k) => k.multikey),
        attachments: profile,
      });
    },
    light,
  });
}

/** A profile field's value is HTML on Mastodon: a website is a link there, as on its own profiles. */
function websiteLink(href: string): string {
  const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const shown = href.replace(/^https?:\/\//, "").replace(/\/$/, "");
  return `<a href="${esc(href)}" rel="nofollow noopener noreferrer me" target="_blank">${esc(shown)}</a>`;
}

export function registerActors(builder: FederationBuilder<ContextData>): void {
  builder
    .setActorDispatcher("/actors/{identifier}", async (ctx, identifier) => {
      // An erased account: Fedify answers its URI 410 with the Tombstone, and WebFinger 410.
      const erased = await findErasedAccount(ctx.data.db, identifier);
      if (erased?.handle === identifier) {
        return new Tombstone({ id: ctx.getActorUri(identifier), formerType: Person, deleted: Temporal.Instant.from(erased.erased) });
      }
      return localActor(ctx, identifier, { light: ctx.url.pathname === WEBFINGER_PATH });
    })
    .setKeyPairsDispatcher(async (ctx, identifier) => {
      const actor = await findActorByHandle(ctx.data.db, identifier);
      if (!actor) return [];
      return ctx.data.keys.get(ctx.data.db, actor.id);
    })
    // The actor dispatcher, called next, answers 404 for a handle nobody has: no query here.
    .mapHandle((_ctx, username) => normalizeHandle(username))
    .mapAlias(async (ctx, resource) => {
      // WebFinger on an actor's web page (https://host/@handle) finds the actor too.
      if (resource.origin !== ctx.canonicalOrigin) return null;
      const match = /^\/@([^/]+)$/.exec(resource.pathname);
      if (!match?.[1]) return resource.pathname === "/about" ? { identifier: INSTANCE_HANDLE } : null;
      const actor = await findActorByHandle(ctx.data.db, normalizeHandle(decodeURIComponent(match[1])));
      return actor ? { identifier: actor.handle } : null;
    });
}
