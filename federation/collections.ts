// An actor's followers (used for fan-out; to others, the count and their own users only) and its
// outbox (its published public needs, as Create activities).
import type { Context, FederationBuilder, RequestContext } from "@fedify/fedify";
import { Create } from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import { findActorByHandle } from "../src/domain/actors/actors.ts";
import { OUTSIDER } from "../src/domain/access/policy.ts";
import { toPublishedNeed } from "../src/domain/needs/model.ts";
import { countPublishedNeeds, listPublishedNeeds } from "../src/domain/needs/queries.ts";
import type { ContextData } from "./context.ts";
import { needToNote, needUri } from "./convert/need.ts";
import { countFollowers, listFollowers } from "./followers.ts";

/** Needs per outbox page. */
export const OUTBOX_PAGE = 20;

export function registerCollections(builder: FederationBuilder<ContextData>): void {
  builder
    .setFollowersDispatcher("/actors/{identifier}/followers", async (ctx, identifier, _cursor, baseUrl) => {
      const actor = await findActorByHandle(ctx.data.db, identifier);
      if (!actor) return null;
      // One page with everyone: Fedify groups deliveries by shared inbox.
      const rows = [];
      for (const r of await listFollowers(ctx.data.db, actor.id)) {
        const verdict = await ctx.data.policy.verdict(new URL(r.uri).host, r.uri);
        if (verdict === "allow" || verdict === "silence") rows.push(r);
      }
      // Following an organisation about health or old age says something about a person:
      // a server asking sees only its own users among the followers (what it knows
      // already, FEP-8fcf's partial collection), anyone else the count alone.
      const viewer = await viewerOrigin(ctx, identifier);
      const shown =
        viewer === undefined
          ? rows
          : rows.filter((r) => viewer !== null && new URL(r.uri).origin === viewer && (!baseUrl || baseUrl.origin === viewer));
      return {
        items: shown.map((r) => ({
          id: new URL(r.uri),
          inboxId: new URL(r.inbox),
          endpoints: r.shared_inbox ? { sharedInbox: new URL(r.shared_inbox) } : null,
        })),
      };
    })
    .setCounter(async (ctx, identifier) => {
      const actor = await findActorByHandle(ctx.data.db, identifier);
      return actor ? countFollowers(ctx.data.db, actor.id) : null;
    });

  builder
    .setOutboxDispatcher("/actors/{identifier}/outbox", async (ctx, identifier, cursor) => {
      const actor = await findActorByHandle(ctx.data.db, identifier);
      if (!actor || cursor === null) return null;
      if (actor.type !== "Group") return { items: [] };
      // The same for every server, signed or not (and so kept whole: responses.ts): what may go
      // anywhere. Followers get the followers-only needs in their inbox, not here.
      const needs = await listPublishedNeeds(ctx.data.db, actor.id, { viewer: OUTSIDER, before: cursor || null, limit: OUTBOX_PAGE });
      const items = await Promise.all(
        needs.map((need) => {
          const view = toPublishedNeed(need);
          const id = () => new URL(`${needUri(ctx, need.id).href}#create`);
          return ctx.data.documents.object(`Create ${need.id}`, {
            input: { view, identifier },
            contextLoader: ctx.contextLoader,
            full() {
              const note = needToNote(ctx, view);
              return new Create({
                id: id(),
                actor: ctx.getActorUri(identifier),
                to: note.toId,
                ccs: note.ccIds,
                object: note,
                published: need.published ? Temporal.Instant.from(need.published) : null,
              });
            },
            light: () => new Create({ id: id() }),
          });
        }),
      );
      const last = needs.at(-1);
      return { items, nextCursor: needs.length === OUTBOX_PAGE && last?.published ? last.published : null };
    })
    .setFirstCursor(() => "")
    .setCounter(async (ctx, identifier) => {
      const actor = await findActorByHandle(ctx.data.db, identifier);
      return actor ? countPublishedNeeds(ctx.data.db, actor.id, OUTSIDER) : null;
    });
}

/**
 * For a GET of this followers collection: the origin of the server that signed it, or
 * null when unsigned (or signed by a key without a known owner). Undefined when the
 * collection is read for a fan-out, which needs every follower.
 */
async function viewerOrigin(ctx: Context<ContextData>, identifier: string): Promise<string | null | undefined> {
  const request = ctx as Partial<RequestContext<ContextData>> & Context<ContextData>;
  if (!(request.request instanceof Request) || typeof request.getSignedKeyOwner !== "function") return undefined;
  if (new URL(request.request.url).pathname !== ctx.getFollowersUri(identifier).pathname) return undefined;
  const owner = await request.getSignedKeyOwner().catch(() => null);
  return owner?.id?.origin ?? null;
}
