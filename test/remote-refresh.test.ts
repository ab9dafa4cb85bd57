// Needs kept from other servers are fetched again when stale: updated, or
// forgotten when gone or no longer shown to us.
import { FetchError, preloadedContexts } from "@fedify/vocab-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshStaleRemoteNeeds } from "../federation/instance.ts";
import { testInstance } from "./helpers/app.ts";

const documents: Record<string, unknown> = {
  "https://town-b.example/needs/1": {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: "https://town-b.example/needs/1",
    type: "Note",
    name: "Nouveau titre",
    to: "as:Public",
  },
  // Made followers-only while we missed the Update: kept, for its followers only.
  "https://town-b.example/needs/7": {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: "https://town-b.example/needs/7",
    type: "Note",
    name: "Pour les abonnés",
    to: "https://town-b.example/actors/club/followers",
  },
  "https://town-b.example/needs/3": {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: "https://town-b.example/needs/3",
    type: "Tombstone",
  },
};

/** What the origin answers for the needs it no longer shows: 401 (needs a follower's signature), 403, 410. */
const refusals: Record<string, number> = {
  "https://town-b.example/needs/5": 401,
  "https://town-b.example/needs/6": 403,
  "https://town-b.example/needs/8": 500,
};

async function documentLoader(url: string) {
  if (preloadedContexts[url]) return { contextUrl: null, documentUrl: url, document: preloadedContexts[url] };
  if (documents[url]) return { contextUrl: null, documentUrl: url, document: documents[url] };
  const status = refusals[url] ?? 410;
  throw new FetchError(url, "refused", new Response(null, { status }));
}

describe("stale remote needs", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;

  beforeAll(async () => {
    app = await testInstance({}, { documentLoader, skipSignatureVerification: false });
    const db = app.db.kysely;
    await db
      .insertInto("remote_actors")
      .values({ id: "g", uri: "https://town-b.example/actors/club", type: "Group", handle: null, name: "Club", url: null, inbox: "https://town-b.example/inbox", shared_inbox: null, software: null, updated: "2026-01-01T00:00:00.000Z" })
      .execute();
    for (const [n, updated] of [
      [1, "2026-01-01T00:00:00.000Z"],
      [2, "2026-01-01T00:00:00.000Z"],
      [3, "2026-01-01T00:00:00.000Z"],
      [4, new Date().toISOString()],
      [5, "2026-01-01T00:00:00.000Z"],
      [6, "2026-01-01T00:00:00.000Z"],
      [7, "2026-01-01T00:00:00.000Z"],
      [8, "2026-01-01T00:00:00.000Z"],
    ] as const) {
      await db
        .insertInto("remote_needs")
        .values({ id: `n${n}`, uri: `https://town-b.example/needs/${n}`, actor_id: "g", url: null, title: `Ancien titre ${n}`, content_html: "", language: "fr", domains: "[]", starts: null, ends: null, place_label: null, latitude: null, longitude: null, radius_km: null, volunteers_wanted: 1, places_left: 1, proposal_uri: null, intent_uri: null, audience: "public", published: null, updated })
        .execute();
    }
  });
  afterAll(async () => {
    await app.close();
  });

  it("are updated when they changed, forgotten when gone (410 or Tombstone) or refused (401, 403), left alone when fresh", async () => {
    const ctx = app.federation.createContext(new URL("http://town.test"), app.contextData);
    expect(await refreshStaleRemoteNeeds(ctx, 86_400_000)).toEqual({ refreshed: 2, removed: 4 });
    const rows = await app.db.kysely.selectFrom("remote_needs").select(["id", "title", "audience"]).orderBy("id").execute();
    expect(rows).toEqual([
      { id: "n1", title: "Nouveau titre", audience: "public" },
      { id: "n4", title: "Ancien titre 4", audience: "public" },
      { id: "n7", title: "Pour les abonnés", audience: "followers" },
      // A server error says nothing about our right to see it: kept, tried again later.
      { id: "n8", title: "Ancien titre 8", audience: "public" },
    ]);
  });
});
