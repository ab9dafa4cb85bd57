// The one fact in words a notification's sentence may name: the slot of a
// reminder or of a cancelled occurrence, or the new schedule of a changed need.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { formatSchedule } from "../needs/note-content.ts";
import { findNeed } from "../needs/repository.ts";
import type { Notification } from "./model.ts";

export async function notificationWhen(db: Kysely<Database>, n: Notification, lang: "fr" | "en"): Promise<string | null> {
  if (n.details.occurrence) return formatSchedule({ kind: "date", start: n.details.occurrence }, lang);
  if (n.type === "need.changed" && n.need) {
    const need = await findNeed(db, n.need.id);
    return need ? formatSchedule(need.schedule, lang) : null;
  }
  return null;
}
