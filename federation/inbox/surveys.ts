// A remote volunteer's reply to the one question (how did it go, 1 to 5), asked by a
// direct Note (federation/publisher-answers.ts `askVolunteer`): recorded anonymously
// when it comes from the volunteer asked and says a digit 1 to 5
// (src/domain/outcomes/survey.ts). Anything else in reply to it is dropped.
import type { InboxContext } from "@fedify/fedify";
import type { Activity, Note } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { isSurveyNote, recordRemoteSurveyReply } from "../../src/domain/outcomes/survey.ts";
import { htmlToText, sanitizeRemoteHtml } from "../../src/domain/text/markdown.ts";
import type { ContextData } from "../context.ts";
import { findRemoteActor } from "../remote-actors.ts";
import { foreignId } from "./origin.ts";

const log = getLogger(["entraide", "federation", "inbox", "surveys"]);

/** Whether the note answers one of our questions (then it is handled here, recorded or not). */
export async function onSurveyReply(ctx: InboxContext<ContextData>, create: Activity, note: Note): Promise<boolean> {
  const target = note.replyTargetId;
  if (!target || target.origin !== ctx.canonicalOrigin || !(await isSurveyNote(ctx.data.db, target.href))) return false;
  const sender = create.actorId;
  if (!note.id || !sender || foreignId("Survey reply", note.id, sender)) return true;
  if (note.attributionId && note.attributionId.href !== sender.href) {
    log.info("Survey reply {id} attributed to someone other than its sender: ignored", { id: note.id.href });
    return true;
  }
  const actor = await findRemoteActor(ctx.data.db, sender.href);
  if (!actor) {
    log.info("Survey reply {id} from {sender}, who was not asked: ignored", { id: note.id.href, sender: sender.href });
    return true;
  }
  const text = htmlToText(sanitizeRemoteHtml(note.content?.toString() ?? ""))
    // The mention Mastodon puts first ("@asso@town ") is not part of the answer.
    .replace(/^(?:\s*@[\w.-]+(?:@[\w.:-]+)?)+/u, "")
    .trim();
  const recorded = await recordRemoteSurveyReply(ctx.data.db, target.href, actor.id, text);
  log.info("Survey reply {id}: {what}", { id: note.id.href, what: recorded ? "recorded" : "not an answer, or not theirs to give, or given already" });
  return true;
}
