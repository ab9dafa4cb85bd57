// The day the person helped (or their representative) agreed that details about
// them be recorded with a need: asked of the coordinator whenever `beneficiary` is
// not empty, erased with it by the retention purge.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("needs").addColumn("beneficiary_consent", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("needs").dropColumn("beneficiary_consent").execute();
}
