// Which notifications a user gets by mail: per kind, each (the default), off, or
// for new applications a daily digest. The in-app list always has them all.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { DomainError } from "../errors.ts";
import { MAIL_KINDS, type MailChoice, type MailKind, isMailKind } from "./model.ts";

export type MailSettings = Record<MailKind, MailChoice>;

export async function mailSettings(db: Kysely<Database>, userId: string): Promise<MailSettings> {
  const rows = await db.selectFrom("notification_settings").select(["kind", "mail"]).where("user_id", "=", userId).execute();
  const settings = Object.fromEntries(MAIL_KINDS.map((k) => [k, "each"])) as MailSettings;
  for (const row of rows) if (isMailKind(row.kind)) settings[row.kind] = row.mail as MailChoice;
  return settings;
}

export async function mailChoice(db: Kysely<Database>, userId: string, kind: MailKind): Promise<MailChoice> {
  const row = await db.selectFrom("notification_settings").select("mail").where("user_id", "=", userId).where("kind", "=", kind).executeTakeFirst();
  return (row?.mail as MailChoice | undefined) ?? "each";
}

export async function setMailChoice(db: Kysely<Database>, userId: string, kind: string, choice: string): Promise<void> {
  if (!isMailKind(kind)) throw new DomainError("invalid", `no such kind of mail: ${kind}`, "kind", "notification_kind_unknown");
  const allowed: string[] = kind === "application.received" ? ["each", "digest", "off"] : ["each", "off"];
  if (!allowed.includes(choice)) throw new DomainError("invalid", `a ${kind} mail is one of ${allowed.join(", ")}`, "mail", "notification_choice_invalid");
  await db
    .insertInto("notification_settings")
    .values({ user_id: userId, kind, mail: choice, updated: now() })
    .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet({ mail: choice, updated: now() }))
    .execute();
}
