// The instance's terms (its rules, the charter for volunteers, the privacy
// policy) are versioned: a new version each time an administrator changes one of
// them (src/domain/instance/settings.ts). Each account's acceptances are kept with
// their dates; an account that has not accepted the version in force is asked to
// at its next page (src/http/web/consent.tsx), before anything else.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { AgeDeclaration } from "../safeguarding/age.ts";

export type TermsPart = "rules" | "charter" | "privacy";

export async function currentTermsVersion(db: Kysely<Database>): Promise<{ version: number; published: string; changed: TermsPart[] }> {
  const row = await db.selectFrom("terms_versions").selectAll().orderBy("version", "desc").limit(1).executeTakeFirst();
  // Until an administrator changes them, the terms are those the instance started with.
  if (!row) return { version: 1, published: "", changed: [] };
  return { version: row.version, published: row.published, changed: JSON.parse(row.changed) as TermsPart[] };
}

/** A new version of the terms, in the transaction that changed them. */
export async function publishTermsVersion(trx: Transaction<Database>, changed: TermsPart[]): Promise<number> {
  const last = await trx.selectFrom("terms_versions").select("version").orderBy("version", "desc").limit(1).executeTakeFirst();
  const version = (last?.version ?? 1) + 1;
  await trx.insertInto("terms_versions").values({ version, published: now(), changed: JSON.stringify(changed) }).execute();
  return version;
}

/**
 * The account accepts the version in force (again: nothing new is written). At sign-up,
 * `age` is what the person declared of their age (src/domain/safeguarding/age.ts), kept
 * with this consent.
 */
export async function acceptTerms(db: Kysely<Database>, userId: string, version?: number, age?: AgeDeclaration): Promise<number> {
  const accepted = version ?? (await currentTermsVersion(db)).version;
  await db
    .insertInto("consents")
    .values({ user_id: userId, version: accepted, accepted: now(), age: age ?? null })
    .onConflict((oc) => oc.columns(["user_id", "version"]).doNothing())
    .execute();
  return accepted;
}

/**
 * The version the account must still accept, or null when it accepted the one in force.
 * An account made by an administrator or the command line (not by signing up) is taken
 * to have the first version: it is asked when the terms first change.
 */
export async function termsToAccept(db: Kysely<Database>, userId: string): Promise<number | null> {
  const [current, accepted] = await Promise.all([
    currentTermsVersion(db),
    db.selectFrom("consents").select((eb) => eb.fn.max("version").as("version")).where("user_id", "=", userId).executeTakeFirst(),
  ]);
  return Number(accepted?.version ?? 1) >= current.version ? null : current.version;
}

/** What the account accepted, and when: for its export. */
export function listConsents(db: Kysely<Database>, userId: string) {
  return db.selectFrom("consents").select(["version", "accepted", "age"]).where("user_id", "=", userId).orderBy("version").execute();
}
