// Where a place name is: first the French communes (the offline gazetteer of
// src/domain/places, by name or postcode), then the places needs already name
// (their label, and their published point: a neighbourhood, "Croix-Rousse").
// No network call.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { visibleTo } from "../access/filters.ts";
import { ANONYMOUS } from "../access/policy.ts";
import { locateCommune } from "../places/gazetteer.ts";
import { roundCoordinate } from "./model.ts";

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .trim();

/**
 * Where a text (a commune's name or postcode, or a place needs name) is, rounded as a
 * need's public place is (`roundCoordinate`), with the commune's name when it is one.
 */
export async function locatePlace(
  db: Kysely<Database>,
  text: string,
): Promise<{ latitude: number; longitude: number; commune?: string } | undefined> {
  const commune = await locateCommune(text);
  if (commune) return { latitude: roundCoordinate(commune.latitude)!, longitude: roundCoordinate(commune.longitude)!, commune: commune.name };
  return locateNamedPlace(db, text);
}

/**
 * The centre of the needs whose place label contains the text (a town, a neighbourhood,
 * a postal code), among those anyone may see. From their published points only: with the
 * exact ones, anyone who can publish a need under the same name could move it until the
 * centre's rounding flips, and read another need's exact point from where it did.
 */
async function locateNamedPlace(
  db: Kysely<Database>,
  text: string,
): Promise<{ latitude: number; longitude: number } | undefined> {
  const wanted = fold(text);
  if (wanted.length < 2) return undefined;
  const rows = await db
    .selectFrom("needs")
    .select(["place_label", "public_latitude", "public_longitude"])
    .where("public_latitude", "is not", null)
    .where("public_longitude", "is not", null)
    // What a search shows a visitor not signed in (a link with a place goes to anyone): a
    // draft's or a followers-only need's place is not to be confirmed.
    .where(visibleTo(ANONYMOUS))
    .limit(5000)
    .execute();
  const matches = rows.filter((r) => fold(r.place_label).includes(wanted));
  if (matches.length === 0) return undefined;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    latitude: roundCoordinate(mean(matches.map((r) => Number(r.public_latitude))))!,
    longitude: roundCoordinate(mean(matches.map((r) => Number(r.public_longitude))))!,
  };
}
