// Good-practice sheets served at their ids (the Article, with the entraide:
// extension), their Tombstones once deleted, and the tries made here (Notes
// replying to the sheet tried), served beside the pages.
import { type Context, type FederationBuilder, type RequestContext, respondWithObjectIfAcceptable } from "@fedify/fedify";
import { Article } from "@fedify/vocab";
import { findRemotePractice } from "../src/domain/practices/library.ts";
import { publishedPractice } from "../src/domain/practices/published.ts";
import { findTry, tryResults } from "../src/domain/practices/tries.ts";
import type { ContextData } from "./context.ts";
import { practiceArticleServed, practiceTombstone, practiceUri, type TryView, tryNoteServed } from "./convert/practice.ts";
import { findRemoteActorById } from "./remote-actors.ts";

export async function townName(ctx: Context<ContextData>): Promise<string> {
  return (await ctx.data.settings.get()).name;
}

/** A public sheet as it is published now, or null (none, or local only: never federated). */
export async function federatedPractice(ctx: Context<ContextData>, id: string) {
  const view = await publishedPractice(ctx.data.db, id, await townName(ctx));
  return view && view.practice.visibility === "public" ? view : null;
}

export function registerPractices(builder: FederationBuilder<ContextData>): void {
  builder.setObjectDispatcher(Article, "/practices/{id}", async (ctx, { id }) => {
    const view = await federatedPractice(ctx, id);
    return view ? practiceArticleServed(ctx, view) : null;
  });
}

/** What a try made here says now: its sheet, its author, its needs and, once some are done, their results. */
export async function tryView(ctx: Context<ContextData>, id: string): Promise<TryView | null> {
  const found = await findTry(ctx.data.db, id);
  if (!found) return null;
  let author: URL;
  let language = "fr";
  if (found.practiceId) {
    const view = await federatedPractice(ctx, found.practiceId);
    if (!view) return null;
    author = ctx.getActorUri(view.practice.organization.handle);
    language = view.practice.language;
  } else {
    const remote = found.remotePracticeId ? await findRemotePractice(ctx.data.db, found.remotePracticeId) : undefined;
    const actor = remote ? await findRemoteActorById(ctx.data.db, remote.author.id) : undefined;
    if (!remote || !actor) return null;
    author = new URL(actor.uri);
    language = remote.language ?? "fr";
  }
  return {
    id: found.id,
    organization: { handle: found.organization.handle, name: found.organization.name },
    town: await townName(ctx),
    practiceUri: found.practiceId ? practiceUri(ctx, found.practiceId) : new URL(found.practiceUri),
    author,
    title: found.practiceTitle,
    language,
    created: found.created,
    updated: found.updated,
    needs: found.needIds.length,
    indicators: await tryResults(ctx.data.db, found.id),
  };
}

/** A try's Note as JSON-LD when the request asks for it; null otherwise (the page route answers). */
export async function practiceTryResponse(ctx: RequestContext<ContextData>, id: string): Promise<Response | null> {
  const view = await tryView(ctx, id);
  if (!view) return null;
  return respondWithObjectIfAcceptable(await tryNoteServed(ctx, view), ctx.request, { contextLoader: ctx.contextLoader });
}

/** A deleted sheet's Tombstone, answered 410, when the request asks for JSON-LD. */
export async function practiceTombstoneResponse(ctx: RequestContext<ContextData>, id: string, deleted: string): Promise<Response | null> {
  const found = await respondWithObjectIfAcceptable(practiceTombstone(ctx, id, deleted), ctx.request, { contextLoader: ctx.contextLoader });
  return found && new Response(found.body, { status: 410, headers: found.headers });
}
