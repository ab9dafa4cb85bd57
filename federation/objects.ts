// Needs served at their ids: the Note, and its FEP-0837 Proposal.
import { type FederationBuilder, type RequestContext, respondWithObjectIfAcceptable } from "@fedify/fedify";
import { Note, Proposal } from "@fedify/vocab";
import { audience, mayRead, mayReadOffer } from "../src/domain/access/policy.ts";
import { type Need, toPublishedNeed } from "../src/domain/needs/model.ts";
import { findNeed } from "../src/domain/needs/repository.ts";
import { findOffer } from "../src/domain/offers/offers.ts";
import type { ContextData } from "./context.ts";
import { needToNote, needToProposal, needTombstone, needUri, proposalUri } from "./convert/need.ts";
import { offerToNote, offerToProposal } from "./convert/offer.ts";
import { requestMayRead } from "./viewer.ts";

const needs = new WeakMap<Request, { id: string; need: Promise<Need | null> }>();

/**
 * A need that was published to the fediverse (not a draft, not local only), read once per
 * request: the dispatcher and the authorisation predicate both ask.
 */
function federatedNeed(ctx: RequestContext<ContextData>, id: string): Promise<Need | null> {
  let found = needs.get(ctx.request);
  if (found?.id !== id) {
    const need = findNeed(ctx.data.db, id).then((need) =>
      need?.published && need.status !== "draft" && audience(need.visibility) ? need : null,
    );
    found = { id, need };
    needs.set(ctx.request, found);
  }
  return found.need;
}

/**
 * The access policy, for another server: the viewer is the owner of the key that
 * signed the request (followers-only needs are shown to a follower of the
 * organisation). Who is not allowed gets Fedify's 401, which tells a server
 * holding a copy that it may keep it no longer.
 */
async function authorized(ctx: RequestContext<ContextData>, id: string): Promise<boolean> {
  const need = await federatedNeed(ctx, id);
  if (!need) return true; // the dispatcher answers 404
  return requestMayRead(ctx, mayRead, need);
}

export function registerObjects(builder: FederationBuilder<ContextData>): void {
  builder
    .setObjectDispatcher(Note, "/needs/{id}", async (ctx, { id }) => {
      const need = await federatedNeed(ctx, id);
      if (!need) return null;
      const view = toPublishedNeed(need);
      return ctx.data.documents.object(`Note ${need.id}`, {
        input: view,
        contextLoader: ctx.contextLoader,
        full: () => needToNote(ctx, view),
        light: () => new Note({ id: needUri(ctx, need.id) }),
      });
    })
    .authorize((ctx, { id }) => authorized(ctx, id));
  builder
    .setObjectDispatcher(Proposal, "/needs/{id}/proposal", async (ctx, { id }) => {
      const need = await federatedNeed(ctx, id);
      if (!need) return null;
      const view = toPublishedNeed(need);
      return ctx.data.documents.object(`Proposal ${need.id}`, {
        input: view,
        contextLoader: ctx.contextLoader,
        full: () => needToProposal(ctx, view),
        light: () => new Proposal({ id: proposalUri(ctx, need.id) }),
      });
    })
    .authorize((ctx, { id }) => authorized(ctx, id));
}

/**
 * An offer (or its Proposal) as JSON-LD, for a request that asks for it;
 * null when the request wants HTML or the offer is not federated. (Fedify
 * routes one object path per class, and Notes at /needs/{id} are needs.)
 */
export async function offerObjectResponse(
  ctx: RequestContext<ContextData>,
  id: string,
  proposal: boolean,
): Promise<Response | null> {
  const offer = await findOffer(ctx.data.db, id);
  if (!offer || !audience(offer.visibility) || !(await requestMayRead(ctx, mayReadOffer, offer))) return null;
  const object = proposal ? offerToProposal(ctx, offer) : offerToNote(ctx, offer);
  return respondWithObjectIfAcceptable(object, ctx.request, { contextLoader: ctx.contextLoader });
}

/**
 * A deleted need's Tombstone, answered 410 as ActivityPub asks, for a request
 * that asks for JSON-LD; null when it wants HTML. (Fedify's Note dispatcher
 * finds no need at that id, so the page route asks for this.)
 */
export async function needTombstoneResponse(ctx: RequestContext<ContextData>, id: string, deleted: string): Promise<Response | null> {
  const found = await respondWithObjectIfAcceptable(needTombstone(ctx, id, deleted), ctx.request, { contextLoader: ctx.contextLoader });
  return found && new Response(found.body, { status: 410, headers: found.headers });
}
