// Searches filter, measure and sort needs by distance for anyone who asks: done on
// the exact coordinates, a few searches gave the exact point back (bisecting the
// radius from two directions). They now read the published point, rounded to
// 0.01° as the Note shows it, kept beside the exact one so SQL can filter on it.
import type { Kysely } from "kysely";

/** As `roundCoordinate` in src/domain/needs/model.ts when this was written. */
const round = (value: number | null) => (value === null ? null : Math.round(Number(value) * 100) / 100);

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  // The runner applies each migration in one transaction.
  await db.schema.alterTable("needs").addColumn("public_latitude", "double precision").execute();
  await db.schema.alterTable("needs").addColumn("public_longitude", "double precision").execute();
  const rows: { id: string; latitude: number | null; longitude: number | null }[] = await db
    .selectFrom("needs")
    .select(["id", "latitude", "longitude"])
    .where((eb) => eb.or([eb("latitude", "is not", null), eb("longitude", "is not", null)]))
    .execute();
  for (const row of rows) {
    await db
      .updateTable("needs")
      .set({ public_latitude: round(row.latitude), public_longitude: round(row.longitude) })
      .where("id", "=", row.id)
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("needs").dropColumn("public_longitude").execute();
  await db.schema.alterTable("needs").dropColumn("public_latitude").execute();
}
