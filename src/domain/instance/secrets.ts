// Instance secrets (the API token signing key…), generated on first start and
// kept in the database, so that every process and every backup has them.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";

export async function getOrCreateSecret(
  db: Kysely<Database>,
  name: string,
  create: () => Promise<string>,
): Promise<string> {
  const found = await db.selectFrom("secrets").select("value").where("name", "=", name).executeTakeFirst();
  if (found) return found.value;
  const value = await create();
  // Two processes starting together: the first insert wins and both read it back.
  await db
    .insertInto("secrets")
    .values({ name, value, created: now() })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db.selectFrom("secrets").select("value").where("name", "=", name).executeTakeFirstOrThrow();
  return row.value;
}
