// The calendar pages through HTTP: /calendar and /@handle/calendar show the slots of the
// open needs a viewer may see (the search's rule), filtered as the search is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";

describe("the calendar pages", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  let cookie = "";
  const ids: Record<string, string> = {};
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.http.request(`http://town.test${path}`, { headers: { Accept: "text/html", ...headers } });
    return { status: res.status, html: await res.text() };
  };

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    const coord = await createUser(db, { username: "coord", email: "c@town.test", password: "a long password" });
    await createUser(db, { username: "zoe", email: "z@town.test", password: "a long password" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    await createOrganization(db, { handle: "autre", name: "Autre asso", coordinatorId: coord.id });
    const base = {
      organization: "asso",
      description: "Une mission.",
      domains: ["culture-loisirs"],
      skills: [],
      audience: [],
      language: "fr" as const,
      place: { label: "Villeurbanne", mode: "on_site" as const, latitude: 45.7719, longitude: 4.8902, radius_km: 2 },
      volunteers_wanted: 2,
      visibility: "public" as const,
      private_notes: "",
      beneficiary: "",
      status: "open" as const,
    };
    type Input = Parameters<typeof createNeed>[3];
    const make = async (key: string, input: Record<string, unknown> & { title: string; schedule: unknown }) => {
      ids[key] = (await createNeed(db, app.contextData.events, coord, { ...base, ...input } as Input)).id;
    };
    await make("museum", { title: "Sortie au musée", schedule: { kind: "date", start: "2027-03-10T09:00:00+01:00", end: "2027-03-10T11:00:00+01:00" } });
    await make("reading", {
      title: "Atelier lecture du mardi",
      schedule: { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=6", start: "2027-03-16T14:00:00+01:00", duration_minutes: 90 },
    });
    await make("range", { title: "Inventaire de la bibliothèque", schedule: { kind: "range", start: "2027-03-01", end: "2027-03-05" } });
    await make("hidden", {
      title: "Visite à domicile réservée",
      visibility: "followers",
      domains: ["solidarite-insertion"],
      schedule: { kind: "date", start: "2027-03-11T10:00:00+01:00" },
    });
    await make("other", { title: "Collecte de l'autre asso", organization: "autre", schedule: { kind: "date", start: "2027-03-12T10:00:00+01:00" } });
    await make("remote", {
      title: "Relecture à distance",
      place: { label: "Lyon", mode: "remote", radius_km: 2 },
      schedule: { kind: "date", start: "2027-03-13T10:00:00+01:00" },
    });
    const login = await postLogin(app.http.request, "http://town.test", { login: "zoe", password: "a long password" });
    cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  });
  afterAll(async () => {
    await app.close();
  });

  const links = (html: string) => [...html.matchAll(/href="\/needs\/([^"#?/]+)"/g)].map((m) => m[1]);
  const count = (html: string, id: string) => links(html).filter((x) => x === id).length;

  it("shows March 2027 as a table of weeks with each slot linking to its need, recurring ones once per occurrence", async () => {
    const { status, html } = await page("/calendar?view=month&date=2027-03-20");
    expect(status).toBe(200);
    expect(html).toContain("<h2 id=\"period\">mars 2027</h2>");
    expect(html).toMatch(/<th scope="col"><abbr title="lundi">lun\.<\/abbr><\/th>/);
    // The grid and the list by day each link once per slot: six Tuesdays, four in March.
    expect(count(html, ids.reading!)).toBe(2 * 3);
    expect(count(html, ids.museum!)).toBe(2);
    // 14:00 in Paris before and after the change of time (28 March 2027).
    expect(html).toContain('<time datetime="2027-03-16T13:00:00.000Z">14:00–15:30</time>');
    expect(html).toContain('<time datetime="2027-03-30T12:00:00.000Z">14:00–15:30</time>');
    // The range of days is listed above the grid, once.
    expect(count(html, ids.range!)).toBe(1);
    expect(html).toContain("du 1er au 5 mars 2027");
    // Plain links to the neighbouring months, filters kept; the .ics link next to it.
    expect(html).toContain('href="/calendar?view=month&amp;date=2027-04-01" rel="next"');
    expect(html).toContain('href="/calendar?view=month&amp;date=2027-02-01" rel="prev"');
    expect(html).toContain('href="/calendar.ics"');
  });

  it("shows a week from its Monday, with the next occurrence only", async () => {
    const { html } = await page("/calendar?view=week&date=2027-03-31");
    expect(html).toContain("Semaine du 29 mars 2027");
    expect(count(html, ids.reading!)).toBe(2);
    expect(count(html, ids.museum!)).toBe(0);
    expect(html).toContain('href="/calendar?view=week&amp;date=2027-04-05" rel="next"');
  });

  it("shows a followers-only need to a signed-in account of the town and not to a visitor, as the search does", async () => {
    const visitor = await page("/calendar?date=2027-03-01");
    expect(count(visitor.html, ids.hidden!)).toBe(0);
    expect(visitor.html).not.toContain("Visite à domicile réservée");
    const citizen = await page("/calendar?date=2027-03-01", { Cookie: cookie });
    expect(count(citizen.html, ids.hidden!)).toBe(2);
    const search = await page("/search?q=visite", { Cookie: cookie });
    expect(search.html).toContain(`/needs/${ids.hidden}`);
    expect((await page("/search?q=visite")).html).not.toContain(`/needs/${ids.hidden}`);
  });

  it("filters by domain, by place and distance and at a distance, and keeps the filters in its links", async () => {
    const domain = await page("/calendar?date=2027-03-01&domain=solidarite-insertion", { Cookie: cookie });
    expect(links(domain.html).filter((x) => x !== ids.hidden)).toEqual([]);
    expect(domain.html).toContain("date=2027-04-01&amp;domain=solidarite-insertion");
    const remote = await page("/calendar?date=2027-03-01&distance=1");
    expect(new Set(links(remote.html))).toEqual(new Set([ids.remote]));
    const unknown = await page("/calendar?date=2027-03-01&place=Nullepart");
    expect(unknown.status).toBe(422);
    expect(unknown.html).toContain("Nullepart");
  });

  it("shows an organisation's own calendar at /@handle/calendar, with its .ics link", async () => {
    const { status, html } = await page("/@autre/calendar?date=2027-03-01");
    expect(status).toBe(200);
    expect(new Set(links(html))).toEqual(new Set([ids.other]));
    expect(html).toContain('href="/@autre/calendar.ics"');
    expect(html).toContain("Autre asso : calendrier des missions");
    expect((await page("/@nobody/calendar")).status).toBe(404);
  });

  it("answers any date asked for, and today's period for one that is not a date", async () => {
    for (const date of ["9999-12-31", "0001-01-01", "2027-02-30", "nonsense", "2027-03-01T00:00"]) {
      const res = await page(`/calendar?view=week&date=${encodeURIComponent(date)}`);
      expect([date, res.status]).toEqual([date, 200]);
    }
    expect((await page("/calendar?view=month&date=2027-02-30")).html).not.toContain("février 2027</h2>");
  });

  it("does not go back before the current month, and shows no slot already past", async () => {
    const { html } = await page("/calendar?date=2020-01-01");
    expect(html).not.toContain('rel="prev"');
    expect(links(html)).toEqual([]);
  });
});
