// The one question each volunteer who took part is asked, once: how did it go, 1 to 5,
// and a sentence if they wish. Local volunteers get a notification and a mail with a
// signed link that works without signing in (as the notifications' stop links); remote
// ones a direct message, whose reply with a digit is their answer.
//
// Anonymous to the organisation: `surveys` keeps, per application, only whether it was
// asked and answered (so it is asked once, answered once); the answer goes to
// `survey_answers` with a random id, the need, its organisation and the month, nothing
// that leads back to the application or the account. The dashboards show ratings only
// added up over 5 answers or more (src/domain/evaluation/).
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { DomainError } from "../errors.ts";
import { getOrCreateSecret } from "../instance/secrets.ts";

export const SurveyAnswer = z.object({
  rating: z.coerce.number().int().min(1).max(5),
  comment: z.string().max(1000).default(""),
});
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

export async function surveyKey(db: Kysely<Database>): Promise<Buffer> {
  const value = await getOrCreateSecret(db, "survey-links", async () => randomBytes(32).toString("base64url"));
  return Buffer.from(value, "base64url");
}

const sign = (key: Buffer, applicationId: string) => createHmac("sha256", key).update(`survey:${applicationId}`).digest();

/** The token of the signed link that answers the question of one application, without signing in. */
export function surveyToken(key: Buffer, applicationId: string): string {
  return sign(key, applicationId).toString("base64url");
}

export function validSurveyToken(key: Buffer, applicationId: string, token: string): boolean {
  if (token.length > 100) return false;
  const given = Buffer.from(token, "base64url");
  const expected = sign(key, applicationId);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface SurveyQuestion {
  applicationId: string;
  need: { id: string; title: string; language: string };
  organization: string;
  /** The account asked, for a volunteer of this instance; null for a remote one. */
  userId: string | null;
  remoteActorId: string | null;
  /** The volunteer's own message (their application), which a direct message replies to. */
  objectUri: string | null;
  noteUri: string | null;
  answered: boolean;
}

export async function findSurvey(db: Kysely<Database>, applicationId: string): Promise<SurveyQuestion | undefined> {
  const row = await db
    .selectFrom("surveys as s")
    .innerJoin("applications as a", "a.id", "s.application_id")
    .innerJoin("needs as n", "n.id", "s.need_id")
    .innerJoin("actors as o", "o.id", "n.organization_id")
    .select(["s.application_id", "s.answered", "s.note_uri", "a.user_id", "a.remote_actor_id", "a.object_uri", "a.activity_uri", "n.id as need_id", "n.title", "n.language", "o.name as org_name"])
    .where("s.application_id", "=", applicationId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    applicationId: row.application_id,
    need: { id: row.need_id, title: row.title, language: row.language },
    organization: row.org_name,
    userId: row.user_id,
    remoteActorId: row.remote_actor_id,
    objectUri: row.object_uri ?? row.activity_uri,
    noteUri: row.note_uri,
    answered: Boolean(row.answered),
  };
}

/** Records the answer once: the flag flips in the same transaction as the anonymous answer is written. */
export async function answerSurvey(db: Kysely<Database>, applicationId: string, answer: SurveyAnswer, at = now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const survey = await trx
      .selectFrom("surveys as s")
      .innerJoin("needs as n", "n.id", "s.need_id")
      .select(["s.answered", "n.id", "n.organization_id"])
      .where("s.application_id", "=", applicationId)
      .executeTakeFirst();
    if (!survey) throw new DomainError("not_found", "no such question", undefined, "survey_not_found");
    const flipped = await trx.updateTable("surveys").set({ answered: 1 }).where("application_id", "=", applicationId).where("answered", "=", 0).executeTakeFirst();
    if (Number(flipped.numUpdatedRows) !== 1) throw new DomainError("conflict", "already answered", undefined, "survey_answered");
    await trx
      .insertInto("survey_answers")
      // A random id (not a time-ordered one) and the month only: nothing to sort answers back to their volunteers by.
      .values({ id: randomUUID(), need_id: survey.id, organization_id: survey.organization_id, month: at.slice(0, 7), rating: answer.rating, comment: answer.comment.trim() })
      .execute();
  });
}

/** Notes the direct message sent to a remote volunteer, whose reply is their answer. */
export async function recordSurveyNote(db: Kysely<Database>, applicationId: string, noteUri: string): Promise<void> {
  await db.updateTable("surveys").set({ note_uri: noteUri }).where("application_id", "=", applicationId).execute();
}

/** The rating a reply gives: its first digit 1 to 5 standing alone ("4", "4/5", "Je dirais 4 !"), else null. */
export function ratingOf(text: string): number | null {
  const found = /(?<![\d.,])([1-5])(?!\d|[.,]\d)/.exec(text);
  return found ? Number(found[1]) : null;
}

/**
 * A remote volunteer replied to the question's direct message: their answer, when the
 * reply comes from the volunteer asked and says a digit 1 to 5. Whether it was recorded.
 */
export async function recordRemoteSurveyReply(db: Kysely<Database>, inReplyTo: string, senderActorId: string, text: string): Promise<boolean> {
  const survey = await db.selectFrom("surveys as s").innerJoin("applications as a", "a.id", "s.application_id").select(["s.application_id", "s.answered", "a.remote_actor_id"]).where("s.note_uri", "=", inReplyTo).executeTakeFirst();
  if (!survey || survey.remote_actor_id !== senderActorId || survey.answered) return false;
  const rating = ratingOf(text);
  if (rating === null) return false;
  const comment = text.replace(/\s+/g, " ").trim().slice(0, 1000);
  try {
    await answerSurvey(db, survey.application_id, { rating, comment: comment === String(rating) ? "" : comment });
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/** Whether a note URI is one of our questions' direct messages (the inbox asks before anything else). */
export async function isSurveyNote(db: Kysely<Database>, uri: string): Promise<boolean> {
  return Boolean(await db.selectFrom("surveys").select("application_id").where("note_uri", "=", uri).executeTakeFirst());
}
