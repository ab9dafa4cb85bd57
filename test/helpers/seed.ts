// A small town for tests that walk every route: an administrator who coordinates an
// organisation, a citizen, needs of each visibility, an offer, an application, an alert,
// API tokens and a signed-in browser session with its CSRF token.
import { createAlert } from "../../src/domain/alerts/alerts.ts";
import { createSession } from "../../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys } from "../../src/domain/accounts/tokens.ts";
import { createUser } from "../../src/domain/accounts/users.ts";
import { applyWithAccount } from "../../src/domain/needs/applications.ts";
import type { NeedCreate } from "../../src/domain/needs/input.ts";
import { createNeed } from "../../src/domain/needs/service.ts";
import { createOffer, OfferCreate } from "../../src/domain/offers/offers.ts";
import { createOrganization } from "../../src/domain/organizations/organizations.ts";
import type { Instance } from "../../src/main.ts";

export interface Town {
  admin: { id: string; username: string; token: string; tokenId: string; session: string; csrf: string };
  citizen: { id: string; username: string; token: string; session: string; csrf: string };
  organization: string;
  needs: { public: string; followers: string; local: string };
  offer: string;
  application: string;
  alert: string;
}

function need(title: string, visibility: NeedCreate["visibility"]): NeedCreate {
  return {
    organization: "asso",
    title,
    description: "Un *trajet* aller-retour.",
    domains: ["culture-loisirs"],
    skills: [],
    audience: [],
    language: "fr",
    place: { label: "Vaise", mode: "on_site", address: null, latitude: 45.77, longitude: 4.8, radius_km: 1 },
    schedule: { kind: "date", start: "2026-12-15T09:00:00+01:00", end: "2026-12-15T11:00:00+01:00" },
    volunteers_wanted: 2,
    visibility,
    private_notes: "",
    beneficiary: "",
    status: "open",
  };
}

export async function seedTown(app: Instance): Promise<Town> {
  const db = app.db.kysely;
  const { events } = app.contextData;
  const admin = await createUser(db, { username: "camille", email: "camille@town.test", password: "a long password", role: "admin" });
  const citizen = await createUser(db, { username: "lucie", email: "lucie@town.test", password: "a long password" });
  await createOrganization(db, { handle: "asso", name: "Asso des Pentes", coordinatorId: admin.id });
  const needs = {
    public: (await createNeed(db, events, admin, need("Sortie au musée", "public"))).id,
    followers: (await createNeed(db, events, admin, need("Visite à domicile", "followers"))).id,
    local: (await createNeed(db, events, admin, need("Atelier du quartier", "local"))).id,
  };
  const offer = await createOffer(
    db,
    events,
    citizen,
    OfferCreate.parse({ title: "Cours de guitare", domains: ["culture-loisirs"], availability: "le samedi", place: { label: "Vaise" } }),
  );
  const application = await applyWithAccount(db, events, citizen, needs.public, "Je peux venir.", "api");
  const alert = await createAlert(db, citizen, { domains: ["culture-loisirs"], area: { kind: "anywhere" } }, "fr");
  // The key the server signs tokens with, kept in the database since its first start.
  const keys = await loadTokenKeys(db, app.config.publicUrl.origin);
  const adminToken = await issueToken(db, keys, admin.id);
  const citizenToken = await issueToken(db, keys, citizen.id);
  const adminSession = await createSession(db, admin.id);
  const citizenSession = await createSession(db, citizen.id);
  return {
    admin: { id: admin.id, username: "camille", token: adminToken.token, tokenId: adminToken.id, session: adminSession.secret, csrf: adminSession.csrf },
    citizen: { id: citizen.id, username: "lucie", token: citizenToken.token, session: citizenSession.secret, csrf: citizenSession.csrf },
    organization: "asso",
    needs,
    offer: offer.id,
    application: application.id,
    alert: alert.id,
  };
}

/**
 * Gives the town back its people as seeded, for tests whose requests may have suspended
 * them, changed their role, revoked their tokens or ended their sessions: fresh tokens and
 * sessions, nobody suspended, the administrator an administrator again, and an account
 * erased by an administrator's request back (its actor stays: only the account is made again).
 */
export async function renewTown(app: Instance, town: Town): Promise<void> {
  const db = app.db.kysely;
  for (const [who, email] of [[town.admin, "camille@town.test"], [town.citizen, "lucie@town.test"]] as const) {
    if (await db.selectFrom("users").select("id").where("id", "=", who.id).executeTakeFirst()) continue;
    await db.insertInto("users").values({ id: who.id, email, password_hash: "erased", role: "citizen", created: new Date().toISOString() }).execute();
  }
  await db.updateTable("users").set({ suspended: 0 }).execute();
  await db.updateTable("users").set({ role: "admin" }).where("id", "=", town.admin.id).execute();
  const keys = await loadTokenKeys(db, app.config.publicUrl.origin);
  for (const who of [town.admin, town.citizen]) {
    who.token = (await issueToken(db, keys, who.id)).token;
    const session = await createSession(db, who.id);
    who.session = session.secret;
    who.csrf = session.csrf;
  }
}
