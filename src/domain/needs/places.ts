// Where a place name is: a small gazetteer made of the places needs already
// name (their label, and their exact coordinates). No network call, no
// external data: "Villeurbanne" is found once a need there gave coordinates.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .trim();

/** The centre of the needs whose place label contains the text (a town, a neighbourhood, a postal code). */
export async function locatePlace(
  db: Kysely<Database>,
  text: string,
): Promise<{ latitude: number; longitude: number } | undefined> {
  const wanted = fold(text);
  if (wanted.length < 2) return undefined;
  const rows = await db
    .selectFrom("needs")
    .select(["place_label", "latitude", "longitude"])
    .where("latitude", "is not", null)
    .where("longitude", "is not", null)
    .limit(5000)
    .execute();
  const matches = rows.filter((r) => fold(r.place_label).includes(wanted));
  if (matches.length === 0) return undefined;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  // Rounded to about 1 km, as published coordinates are: the centre reveals no one's address.
  return {
    latitude: Math.round(mean(matches.map((r) => Number(r.latitude))) * 100) / 100,
    longitude: Math.round(mean(matches.map((r) => Number(r.longitude))) * 100) / 100,
  };
}
