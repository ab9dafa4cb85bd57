// Needs served at their ids: the Note, and its FEP-0837 Proposal.
import type { FederationBuilder, RequestContext } from "@fedify/fedify";
import { Note, Proposal } from "@fedify/vocab";
import { type Need, toPublicNeed } from "../src/domain/needs/model.ts";
import { findNeed } from "../src/domain/needs/repository.ts";
import type { ContextData } from "./context.ts";
import { needToNote, needToProposal } from "./convert/need.ts";
import { isFollower } from "./followers.ts";

/** A need that was published to the fediverse (not a draft, not local only). */
async function federatedNeed(ctx: RequestContext<ContextData>, id: string): Promise<Need | null> {
  const need = await findNeed(ctx.data.db, id);
  if (!need || !need.published || need.status === "draft" || need.visibility === "local") return null;
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
