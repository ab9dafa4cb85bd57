// Needs kept from other servers are fetched again when stale: updated, or forgotten when gone.
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
  },
  "https://town-b.example/needs/3": {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: "https://town-b.example/needs/3",
    type: "Tombstone",
  },
};

async function documentLoader(url: string) {
  if (preloadedContexts[url]) return { contextUrl: null, documentUrl: url, document: preloadedContexts[url] };
  if (documents[url]) return { contextUrl: null, documentUrl: url, document: documents[url] };
  throw new FetchError(url, "gone", new Response(null, { status: 410 }));
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

  it("are updated when they changed, forgotten when gone (410 or Tombstone), left alone when fresh", async () => {
    const ctx = app.federation.createContext(new URL("http://town.test"), app.contextData);
    expect(await refreshStaleRemoteNeeds(ctx, 86_400_000)).toEqual({ refreshed: 1, removed: 2 });
    const rows = await app.db.kysely.selectFrom("remote_needs").select(["id", "title"]).orderBy("id").execute();
    expect(rows).toEqual([
      { id: "n1", title: "Nouveau titre" },
      { id: "n4", title: "Ancien titre 4" },
    ]);
  });
});
