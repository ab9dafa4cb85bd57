// The federation consumer's part for good-practice sheets: a public sheet goes to
// its organisation's followers and the instance's public audience as
// Create/Update/Delete of an Article; it is sent again (Update) whenever what it
// says changed: edited, a linked need's outcome recorded, a try heard of. A try
// made here of another server's sheet goes to that sheet's author as a Create of
// a Note replying to it, and an Update once its needs' results change.
import { createHash } from "node:crypto";
import type { Context } from "@fedify/fedify";
import { type Activity, Create, Delete, PUBLIC_COLLECTION, Update } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { Temporal } from "@js-temporal/polyfill";
import type { DomainEvent } from "../src/domain/events.ts";
import { newId } from "../src/domain/ids.ts";
import { markPracticeSent, practicesOfNeed } from "../src/domain/practices/practices.ts";
import { markTrySent, triesOfNeed } from "../src/domain/practices/tries.ts";
import type { ContextData } from "./context.ts";
import { practiceArticleServed, practiceTombstone, practiceUri, tryNoteServed, tryToNote } from "./convert/practice.ts";
import { publicAudience } from "./instance.ts";
import { federatedPractice, tryView } from "./practices.ts";
import { findRemoteActor } from "./remote-actors.ts";
import { asRecipient } from "./remote-actors.ts";

const log = getLogger(["entraide", "federation", "outbox", "practices"]);
const TO_FOLLOWERS = { preferSharedInbox: true } as const;

type PracticeEvent = Extract<DomainEvent, { type: `practice${string}` }>;

const digest = async (object: { toJsonLd(): Promise<unknown> }) =>
  createHash("sha256").update(JSON.stringify(await object.toJsonLd())).digest("base64url");

/** To the organisation's followers and, the sheet being public, to the instance's followers and relays. */
async function toEveryone(ctx: Context<ContextData>, handle: string, activity: Activity) {
  await ctx.sendActivity({ identifier: handle }, "followers", activity, TO_FOLLOWERS);
  const recipients = await publicAudience(ctx);
  if (recipients.length > 0) await ctx.sendActivity({ identifier: handle }, recipients, activity, TO_FOLLOWERS);
}

/** Sends the sheet: `Create` the first time, `Update` after, only when what it says changed (unless `force`). */
export async function sendPractice(ctx: Context<ContextData>, practiceId: string, kind: "create" | "update", force = false): Promise<void> {
  const view = await federatedPractice(ctx, practiceId);
  if (!view) return;
  const article = await practiceArticleServed(ctx, view);
  const changed = await markPracticeSent(ctx.data.db, practiceId, await digest(article));
  if (!changed && !force) return;
  const Kind = kind === "create" ? Create : Update;
  const id = article.id!;
  await toEveryone(
    ctx,
    view.practice.organization.handle,
    new Kind({
      id: new URL(`${id.href}#${kind === "create" ? "create" : `update-${newId()}`}`),
      actor: ctx.getActorUri(view.practice.organization.handle),
      to: PUBLIC_COLLECTION,
      cc: ctx.getFollowersUri(view.practice.organization.handle),
      object: article,
      published: Temporal.Now.instant(),
    }),
  );
  log.info("{kind} of sheet {id} sent", { kind, id: id.href });
}

async function deletePractice(ctx: Context<ContextData>, practiceId: string, handle: string) {
  const tombstone = practiceTombstone(ctx, practiceId, new Date().toISOString());
  await toEveryone(
    ctx,
    handle,
    new Delete({
      id: new URL(`${practiceUri(ctx, practiceId).href}#delete-${newId()}`),
      actor: ctx.getActorUri(handle),
      to: PUBLIC_COLLECTION,
      cc: ctx.getFollowersUri(handle),
      object: tombstone,
    }),
  );
}

/** A try made here of another server's sheet, to that sheet's author: Create the first time, Update when its results change. */
async function sendTry(ctx: Context<ContextData>, tryId: string, kind: "create" | "update"): Promise<void> {
  const view = await tryView(ctx, tryId);
  if (!view || view.practiceUri.origin === ctx.canonicalOrigin) return;
  const note = await tryNoteServed(ctx, view);
  if (!(await markTrySent(ctx.data.db, tryId, await digest(note))) && kind === "update") return;
  const author = await findRemoteActor(ctx.data.db, view.author.href);
  if (!author) return;
  const plain = tryToNote(ctx, view);
  const Kind = kind === "create" ? Create : Update;
  await ctx.sendActivity(
    { identifier: view.organization.handle },
    asRecipient(author),
    new Kind({
      id: new URL(`${plain.id!.href}#${kind === "create" ? "create" : `update-${newId()}`}`),
      actor: ctx.getActorUri(view.organization.handle),
      to: view.author,
      ccs: plain.ccIds,
      object: plain,
      published: Temporal.Now.instant(),
    }),
  );
  log.info("{kind} of try {id} sent to {author}", { kind, id: plain.id!.href, author: author.uri });
}

export async function publishPracticeEvent(ctx: Context<ContextData>, event: PracticeEvent): Promise<void> {
  switch (event.type) {
    case "practice.published":
      return sendPractice(ctx, event.practiceId, "create", true);
    case "practice.updated":
      if (event.visibility === "local") {
        if (event.previousVisibility === "public") await deletePractice(ctx, event.practiceId, event.organizationHandle);
        return;
      }
      // Made public again, or first made public: those who never had it take the Update as a Create.
      return sendPractice(ctx, event.practiceId, "update", true);
    case "practice.deleted":
      if (event.visibility === "public") await deletePractice(ctx, event.practiceId, event.organizationHandle);
      return;
    case "practice-try.received":
      // The sheet says where it was tried: sent again.
      return sendPractice(ctx, event.practiceId, "update");
    case "practice.tried": {
      const view = await tryView(ctx, event.tryId);
      if (!view) return;
      if (view.practiceUri.origin === ctx.canonicalOrigin) {
        const id = ctx.parseUri(view.practiceUri);
        if (id?.type === "object") await sendPractice(ctx, id.values.id!, "update");
        return;
      }
      return sendTry(ctx, event.tryId, "create");
    }
  }
}

/** A need changed (its outcome recorded, done…): the sheets written from it and the tries that made it say so. */
export async function afterNeedChange(ctx: Context<ContextData>, needId: string): Promise<void> {
  for (const practiceId of await practicesOfNeed(ctx.data.db, needId)) await sendPractice(ctx, practiceId, "update");
  for (const t of await triesOfNeed(ctx.data.db, needId)) {
    if (t.practiceId) await sendPractice(ctx, t.practiceId, "update");
    else await sendTry(ctx, t.id, "update");
  }
}
