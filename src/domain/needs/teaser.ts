// What a teaser of a need says (the access policy's `teaser` reading: a visitor not
// signed in asking for a followers-only or local need): what kind of need it is and
// whose, never what it says. No title, no description, no coordinates, no count of
// volunteers, nothing private: the domains, the neighbourhood's name, the period,
// the organisation, whether it still wants volunteers, and who may read it.
import type { Need, NeedStatus, PlaceMode, Schedule, Visibility } from "./model.ts";

export interface NeedTeaser {
  id: string;
  organization: { handle: string; name: string };
  domains: string[];
  /** The published place's name (a neighbourhood or a town) and mode. */
  place: { label: string; mode: PlaceMode };
  schedule: Schedule;
  status: NeedStatus;
  visibility: Visibility;
}

export function toNeedTeaser(need: Need): NeedTeaser {
  return {
    id: need.id,
    organization: { handle: need.organization.handle, name: need.organization.name },
    domains: [...need.domains],
    place: { label: need.place.label, mode: need.place.mode },
    schedule: need.schedule,
    status: need.status,
    visibility: need.visibility,
  };
}
