// Needs served at their ids: the Note, and its FEP-0837 Proposal.
import { type FederationBuilder, type RequestContext, respondWithObjectIfAcceptable } from "@fedify/fedify";
import { Note, Proposal } from "@fedify/vocab";
import { type Need, toPublicNeed } from "../src/domain/needs/model.ts";
import { findNeed } from "../src/domain/needs/repository.ts";
import { findOffer } from "../src/domain/offers/offers.ts";
import type { ContextData } from "./context.ts";
import { needToNote, needToProposal } from "./convert/need.ts";
import { offerToNote, offerToProposal } from "./convert/offer.ts";
import { isFollower } from "./followers.ts";

/** A need that was published to the fediverse (not a draft, not local only). */
async function federatedNeed(ctx: RequestContext<ContextData>, id: string): Promise<Need | null> {
  const need = await findNeed(ctx.data.db, id);
  if (!need?.published || need.status === "draft" || need.visibility === "local") return null;
  return need;
}

/** Followers-only needs are shown to requests signed by a follower of the organisation. */
async function mayRead(ctx: RequestContext<ContextData>, id: string): Promise<boolean> {
  const need = await federatedNeed(ctx, id);
  if (!need || need.visibility === "public") return true;
  const owner = await ctx.getSignedKeyOwner();
  return Boolean(owner?.id && (await isFollower(ctx.data.db, need.organization.id, owner.id.href)));
}

export function registerObjects(builder: FederationBuilder<ContextData>): void {
  builder
    .setObjectDispatcher(Note, "/needs/{id}", async (ctx, { id }) => {
      const need = await federatedNeed(ctx, id);
      return need && needToNote(ctx, toPublicNeed(need));
    })
    .authorize((ctx, { id }) => mayRead(ctx, id));
  builder
    .setObjectDispatcher(Proposal, "/needs/{id}/proposal", async (ctx, { id }) => {
      const need = await federatedNeed(ctx, id);
      return need && needToProposal(ctx, toPublicNeed(need));
    })
    .authorize((ctx, { id }) => mayRead(ctx, id));
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
  if (!offer || offer.visibility === "local") return null;
  if (offer.visibility === "followers") {
    const owner = await ctx.getSignedKeyOwner().catch(() => null);
    if (!owner?.id || !(await isFollower(ctx.data.db, offer.author.id, owner.id.href))) return null;
  }
  const object = proposal ? offerToProposal(ctx, offer) : offerToNote(ctx, offer);
  return respondWithObjectIfAcceptable(object, ctx.request, { contextLoader: ctx.contextLoader });
}
