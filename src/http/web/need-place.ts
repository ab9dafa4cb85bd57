// The need form's place: a commune named in the place field (its name or postcode,
// "Villeurbanne", "69100", "Villeurbanne, Gratte-Ciel") gives the need its point when
// the coordinator gave none, rounded as the published place is (`roundCoordinate`):
// the commune's centre is public, and a finer point would say nothing true.
import type { NeedFormValues } from "../../../web/pages/need-form.tsx";
import { roundCoordinate } from "../../domain/needs/model.ts";
import { locateCommune } from "../../domain/places/gazetteer.ts";

/** Fills the point from the commune the place names; its name, or undefined when nothing was filled. */
export async function placeFromGazetteer(values: NeedFormValues): Promise<string | undefined> {
  const label = values.place_label.trim();
  if (!label || values.place_mode === "remote" || values.latitude.trim() || values.longitude.trim()) return undefined;
  for (const part of [label, ...label.split(/\s*(?:[,(/]|\s[–-]\s)\s*/)].map((p) => p.replace(/\)/g, "").trim()).filter((p) => p.length >= 2)) {
    const commune = await locateCommune(part);
    if (commune) {
      values.latitude = String(roundCoordinate(commune.latitude));
      values.longitude = String(roundCoordinate(commune.longitude));
      return commune.name;
    }
  }
  return undefined;
}
