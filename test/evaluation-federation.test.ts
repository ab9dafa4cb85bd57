// Issue 15, point 2, on an aggregator (AGGREGATOR=true): the federation of towns'
// dashboard, from the public needs it keeps from the servers it follows, as their
// documents say (places wanted and left). What no document carries (outcomes, delays,
// satisfaction) is "not available" (docs/decisions/0019-evaluation.md); a silenced
// server's needs do not count; small counts are "< 5" as on every dashboard.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { blockDomain } from "../src/domain/moderation/moderation.ts";
import type { Instance } from "../src/main.ts";
import { testInstance } from "./helpers/app.ts";

describe("the federation of towns' evaluation, on an aggregator", () => {
  let app: Instance;
  let plain: Instance;

  beforeAll(async () => {
    app = await testInstance({ AGGREGATOR: "true" });
    plain = await testInstance();
    const db = app.db.kysely;
    const at = new Date().toISOString();
    const town = (n: number, host: string) => ({ id: `t${n}`, uri: `http://${host}/actors/asso`, type: "Group", handle: `asso@${host}`, name: `Asso ${n}`, url: null, inbox: `http://${host}/actors/asso/inbox`, shared_inbox: null, software: "entraide", updated: at });
    await db.insertInto("remote_actors").values([town(1, "127.0.0.21"), town(2, "127.0.0.22"), town(3, "spam.test")]).execute();
    let i = 0;
    const need = (actor: string, host: string, domain: string, published: string, wanted: number, left: number, audience = "public") => ({
      id: `rn${++i}`,
      uri: `http://${host}/needs/${i}`,
      actor_id: actor,
      url: null,
      title: `Mission ${i}`,
      content_html: "<p>x</p>",
      language: "fr",
      domains: JSON.stringify([domain]),
      starts: null,
      ends: null,
      place_label: "Lyon",
      latitude: null,
      longitude: null,
      radius_km: null,
      volunteers_wanted: wanted,
      places_left: left,
      proposal_uri: null,
      intent_uri: null,
      audience,
      published,
      updated: at,
    });
    // Town 1: elderly, October, 6 wanted, 0 left (filled); education, November, 4 wanted, 2 left.
    // Town 2: elderly, November, 4 wanted, 1 left; a followers-only one that does not count.
    // A silenced server's need does not count either.
    await db
      .insertInto("remote_needs")
      .values([
        need("t1", "127.0.0.21", "personnes-agees", "2026-10-02T09:00:00.000Z", 6, 0),
        need("t1", "127.0.0.21", "education", "2026-11-05T09:00:00.000Z", 4, 2),
        need("t2", "127.0.0.22", "personnes-agees", "2026-11-12T09:00:00.000Z", 4, 1),
        need("t2", "127.0.0.22", "sante", "2026-11-13T09:00:00.000Z", 9, 0, "followers"),
        need("t3", "spam.test", "sante", "2026-11-14T09:00:00.000Z", 50, 0),
      ])
      .execute();
    const admin = await createUser(db, { username: "mairie", email: "mairie@town.test", password: "a long password", role: "admin" });
    await blockDomain(db, app.contextData.policy, admin, { domain: "spam.test", severity: "silence" });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await plain?.close();
  });

  const get = async (instance: Instance, path: string) => {
    const res = await instance.http.request(`http://town.test${path}`, { headers: { Accept: "text/html" } });
    return { status: res.status, text: await res.text() };
  };

  it("adds up the members' public needs, says what does not federate, and hides small counts", async () => {
    const page = await get(app, "/evaluation/federation");
    expect(page.status).toBe(200);
    const cell = (key: string) => new RegExp(`<td data-indicator="${key}">([^<]*)</td>`).exec(page.text)?.[1];
    // 3 needs from 2 servers: 14 wanted, 11 accepted (6 + 2 + 3), 1 filled.
    expect(page.text).toContain("Les missions publiques de 2 serveurs suivis");
    expect(cell("needsPublished")).toBe("3");
    expect(cell("needsFilled")).toBe("1");
    expect(cell("volunteersWanted")).toBe("14");
    expect(cell("volunteersAccepted")).toBe("11");
    expect(cell("fillRate")).toBe("79\u00a0%");
    for (const key of ["needsDone", "hoursGiven", "peopleHelped", "satisfaction", "responseHours", "returningVolunteers"]) expect(cell(key), key).toBe("non disponible");
    const csv = (await get(app, "/evaluation/federation.csv")).text.trim().split("\r\n").map((l) => l.split(","));
    const header = csv[0]!;
    const row = (breakdown: string, key: string) => Object.fromEntries(header.map((h, j) => [h, csv.find((l) => l[0] === breakdown && l[1] === key)![j]]));
    expect(row("total", "")).toMatchObject({ needs_published: "3", volunteers_accepted: "11", needs_done: "n/a", hours_given: "n/a" });
    // Education: 2 accepted, "< 5", and its fill rate with it; the elderly's 9 hidden too, or 11 − 9 would give it back.
    expect(row("domain", "education")).toMatchObject({ volunteers_accepted: "< 5", fill_rate: "< 5" });
    expect(row("domain", "personnes-agees")).toMatchObject({ volunteers_accepted: "< 5", volunteers_wanted: "10" });
    // By month: October 6, November 2 + 3 = 5: both shown.
    expect(row("month", "2026-10")).toMatchObject({ volunteers_accepted: "6", fill_rate: "1" });
    expect(row("month", "2026-11")).toMatchObject({ volunteers_accepted: "5" });
    // Linked from the instance's own page.
    expect((await get(app, "/evaluation")).text).toContain('href="/evaluation/federation"');
  });

  it("is not served by an instance that is no aggregator", async () => {
    expect((await get(plain, "/evaluation/federation")).status).toBe(404);
    expect((await get(plain, "/evaluation")).text).not.toContain('href="/evaluation/federation"');
  });
});
