// A need published on another server and kept here: for the users who follow
// its organisation, for the instance that follows its server, and for the
// alerts and the directory. Its fields are its author's word, read from its origin.
import type { Selectable } from "kysely";
import type { RemoteNeedsTable } from "../../db/schema.ts";

/** public: everyone here may see it; followers: only local users whose follow of its organisation was accepted. */
export type RemoteAudience = "public" | "followers";

export interface RemoteNeed {
  id: string;
  uri: string;
  url: string | null;
  author: { id: string; uri: string; handle: string | null; name: string };
  title: string;
  contentHtml: string;
  language: string | null;
  domains: string[];
  starts: string | null;
  ends: string | null;
  place: { label: string | null; latitude: number | null; longitude: number | null; radiusKm: number | null };
  volunteersWanted: number | null;
  placesLeft: number | null;
  proposalUri: string | null;
  intentUri: string | null;
  audience: RemoteAudience;
  published: string | null;
  updated: string;
}

/** What a received copy says, as stored: everything but the id, the owner and the bookkeeping. */
export type RemoteNeedFields = Omit<Selectable<RemoteNeedsTable>, "id" | "uri" | "actor_id" | "audience" | "updated"> & {
  audience: RemoteAudience;
};

export type RemoteNeedRow = Selectable<RemoteNeedsTable> & { actor_uri: string; actor_handle: string | null; actor_name: string };

export function toRemoteNeed(row: RemoteNeedRow): RemoteNeed {
  return {
    id: row.id,
    uri: row.uri,
    url: row.url,
    author: { id: row.actor_id, uri: row.actor_uri, handle: row.actor_handle, name: row.actor_name },
    title: row.title,
    contentHtml: row.content_html,
    language: row.language,
    domains: JSON.parse(row.domains) as string[],
    starts: row.starts,
    ends: row.ends,
    place: { label: row.place_label, latitude: row.latitude, longitude: row.longitude, radiusKm: row.radius_km },
    volunteersWanted: row.volunteers_wanted,
    placesLeft: row.places_left,
    proposalUri: row.proposal_uri,
    intentUri: row.intent_uri,
    audience: row.audience === "public" ? "public" : "followers",
    published: row.published,
    updated: row.updated,
  };
}
