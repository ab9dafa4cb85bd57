// The public needs as the XML feed of the state's volunteering hub (API Engagement),
// checked against what the hub's import requires of each mission (decision 0017:
// betagouv/api-engagement, api/src/jobs/import-missions/ and
// api/src/utils/mission-moderation.ts): the fields are there and valid, only open
// public needs are listed, and no private field of any need comes out.
import { Parser } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { findNeed } from "../src/domain/needs/repository.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { testInstance } from "./helpers/app.ts";

/** The hub's domain codes (api/src/constants/domains.ts at 1b30212b): a mission with another is refused. */
const HUB_DOMAINS = [
  "animaux",
  "autre",
  "batiment-industrie-logistique",
  "benevolat-competences",
  "communication",
  "culture-loisirs",
  "education",
  "emploi",
  "environnement",
  "gestion-finance-droit",
  "humanitaire",
  "memoire-et-citoyennete",
  "numerique",
  "prevention-protection",
  "recherche",
  "sante",
  "service-public-defense-securite",
  "sport",
  "solidarite-insertion",
  "vivre-ensemble",
];

const SECRETS = ["Huguette", "insuffisance cardiaque", "06 12 34 56 78", "impasse des Secrets", "45.764123", "4.835617", "45.7641", "digicode B4711X"];

type Mission = Record<string, string | Record<string, string>[]>;

/**
 * Parses the feed as XML (htmlparser2 in XML mode), refusing what is not well formed:
 * an element closed implicitly or a stray closing tag. Each <mission>'s children by name
 * (addresses as a list of their fields), and the <source>'s own fields.
 */
function parseFeed(xml: string) {
  const source: Record<string, string> = {};
  const missions: Mission[] = [];
  const stack: string[] = [];
  const problems: string[] = [];
  let mission: Mission | null = null;
  let address: Record<string, string> | null = null;
  let chars = "";
  let roots = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (stack.length === 0) roots++;
        stack.push(name);
        chars = "";
        if (name === "mission") mission = { addresses: [] };
        if (name === "address") address = {};
      },
      ontext(data) {
        chars += data;
      },
      onclosetag(name, implied) {
        if (implied) problems.push(`<${name}> closed implicitly`);
        if (stack.pop() !== name) problems.push(`</${name}> out of place`);
        const parent = stack.at(-1);
        if (name === "mission" && mission) {
          missions.push(mission);
          mission = null;
        } else if (name === "address" && mission && address) {
          (mission.addresses as Record<string, string>[]).push(address);
          address = null;
        } else if (address && (parent === "address" || parent === "location") && name !== "location") address[name] = chars;
        else if (mission && parent === "mission" && name !== "addresses") mission[name] = chars;
        else if (parent === "source") source[name] = chars;
        chars = "";
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  if (stack.length) problems.push(`unclosed ${stack.join(" > ")}`);
  return { source, missions, problems, roots };
}

describe("the API Engagement feed", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  const ids: Record<string, string> = {};
  let body = "";
  let type = "";

  const base = (title: string, extra: Partial<NeedCreate> = {}): NeedCreate => ({
    organization: "asso",
    title,
    description: "Aider l'équipe « du mardi » : <b>courses</b> & café.",
    domains: ["personnes-agees"],
    skills: [],
    audience: ["seniors"],
    language: "fr",
    place: { label: "Lyon Ainay", mode: "on_site", address: "7 impasse des Secrets, 69002 Lyon", latitude: 45.764123, longitude: 4.835617, radius_km: 1 },
    schedule: { kind: "date", start: "2026-12-12T10:00:00+01:00", end: "2026-12-12T12:00:00+01:00" },
    volunteers_wanted: 3,
    visibility: "public",
    private_notes: "digicode B4711X",
    beneficiary: "Mme Huguette, insuffisance cardiaque, 06 12 34 56 78",
    beneficiary_consent: "2026-11-30",
    status: "open",
    ...extra,
  });

  beforeAll(async () => {
    app = await testInstance({ INSTANCE_NAME: "Ville de Lyon" });
    const db = app.db.kysely;
    const { events } = app.contextData;
    const coord = await createUser(db, { username: "coord", email: "c@town.test", password: "a long password", role: "admin" });
    await createOrganization(db, { handle: "asso", name: "Les Amis d'Ainay", coordinatorId: coord.id });
    const make = async (key: string, input: NeedCreate) => (ids[key] = (await createNeed(db, events, coord, input)).id);
    await make("elderly", base("Courses pour une voisine"));
    await make("health", base("Appels de convivialité", { domains: ["sante"], audience: ["patients"], place: { label: "Lyon", mode: "remote", radius_km: 1 } }));
    await make("education", base("Aide aux devoirs", { domains: ["education"], audience: [], place: { label: "Vaise", mode: "both", radius_km: 2 }, schedule: { kind: "range", start: "2027-01-04", end: "2027-03-26" } }));
    await make("followers", base("Visite Coquelicot", { visibility: "followers" }));
    await make("local", base("Atelier Pissenlit", { visibility: "local" }));
    await make("draft", base("Brouillon Tournesol", { status: "draft" }));
    await make("done", base("Mission Terminée", {}));
    await db.updateTable("needs").set({ status: "done" }).where("id", "=", ids.done!).execute();
    const res = await app.http.request("http://town.test/feeds/api-engagement.xml");
    expect(res.status).toBe(200);
    type = res.headers.get("content-type") ?? "";
    body = await res.text();
  });

  afterAll(async () => {
    await app.close();
  });

  it("is well-formed XML with a <source> root naming the publisher", () => {
    expect(type).toMatch(/^application\/xml/);
    expect(body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const { source, problems, roots } = parseFeed(body);
    expect(problems).toEqual([]);
    expect(roots).toBe(1);
    expect(source.publisher).toBe("Ville de Lyon");
    expect(source.publisherurl).toBe("http://town.test/");
    expect(Number.isNaN(Date.parse(source.lastBuildDate ?? ""))).toBe(false);
  });

  it("lists the open public needs only: never followers-only, local, draft or done ones", () => {
    const { missions } = parseFeed(body);
    expect(missions.map((m) => m.clientId).sort()).toEqual([ids.elderly, ids.health, ids.education].sort());
    for (const word of ["Coquelicot", "Pissenlit", "Tournesol", "Terminée"]) expect(body).not.toContain(word);
  });

  it("gives each mission every field the hub requires, valid as its moderation checks them", () => {
    const { missions } = parseFeed(body);
    expect(missions).toHaveLength(3);
    for (const m of missions) {
      const field = (name: string) => m[name] as string | undefined;
      // Required: refused by the hub without them (mission-moderation.ts).
      expect(field("clientId"), "clientId").toBeTruthy();
      expect(field("title")?.trim().split(" ").length, "a title of more than one word").toBeGreaterThan(1);
      expect(field("description"), "description").toBeTruthy();
      expect(field("description")!.length).toBeLessThanOrEqual(20_000);
      for (const name of ["title", "description", "organizationName"]) expect(field(name), `${name} without "&#"`).not.toContain("&#");
      expect(field("applicationUrl")).toBe(`http://town.test/needs/${field("clientId")}`);
      // Valid when present, as the import reads them.
      expect(["no", "possible", "full", "local"]).toContain(field("remote"));
      expect(Number(field("places"))).toBeGreaterThan(0);
      expect(HUB_DOMAINS).toContain(field("domain"));
      expect(field("organizationName")).toBe("Les Amis d'Ainay");
      expect(field("organizationClientId")).toBe("asso");
      expect(field("organizationUrl")).toBe("http://town.test/@asso");
      for (const name of ["postedAt", "startAt"]) expect(Number.isNaN(Date.parse(field(name) ?? "")), name).toBe(false);
      expect(field("schedule")).toBeTruthy();
    }
  });

  it("maps Entraide's domains, places, dates and audiences to the hub's", () => {
    const byId = Object.fromEntries(parseFeed(body).missions.map((m) => [m.clientId as string, m]));
    const elderly = byId[ids.elderly!]!;
    expect(elderly.domain).toBe("solidarite-insertion");
    expect(elderly.remote).toBe("no");
    expect(elderly.places).toBe("3");
    expect(elderly.audience).toBe("Personnes âgées");
    expect(elderly.startAt).toBe("2026-12-12T09:00:00.000Z");
    expect(elderly.endAt).toBe("2026-12-12T11:00:00.000Z");
    // Town level: the public label and the point rounded to 0.01°, nothing finer.
    expect(elderly.addresses).toEqual([{ city: "Lyon Ainay", lat: "45.76", lon: "4.84" }]);
    // The description as sanitised HTML, entities decoded by the parser.
    expect(elderly.description).toMatch(/^<p>Aider l.équipe « du mardi »/);
    expect(elderly.description).toContain("&amp; café");

    const health = byId[ids.health!]!;
    expect([health.domain, health.remote, health.audience, health.addresses]).toEqual(["sante", "full", "Personnes malades", []]);
    const education = byId[ids.education!]!;
    expect([education.domain, education.remote, education.startAt, education.endAt]).toEqual(["education", "possible", "2027-01-04T00:00:00.000Z", "2027-03-26T23:59:59.999Z"]);
    expect(education.audience).toBeUndefined();
  });

  it("holds no private field of any need", async () => {
    for (const secret of SECRETS) expect(body, secret).not.toContain(secret);
    // And the check can fail: the need as its coordinators read it holds every one.
    const full = JSON.stringify(await findNeed(app.db.kysely, ids.elderly!));
    for (const secret of SECRETS) expect(full, secret).toContain(secret);
  });
});
