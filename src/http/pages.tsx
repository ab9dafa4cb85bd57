// Web pages: handlers here, views in web/ (views never query the database).
import { Hono } from "hono";
import type { Context } from "hono";
import { authenticate as checkPassword } from "../domain/accounts/users.ts";
import { findActorByHandle } from "../domain/actors/actors.ts";
import { findOrganization } from "../domain/organizations/organizations.ts";
import { ActorPage } from "../../web/pages/actor.tsx";
import { DomainPage, DomainsPage } from "../../web/pages/domain.tsx";
import { NeedPage } from "../../web/pages/need.tsx";
import { OfferPage } from "../../web/pages/offer.tsx";
import { findOffer } from "../domain/offers/offers.ts";
import { applyLocal } from "../domain/needs/applications.ts";
import { toPublicNeed } from "../domain/needs/model.ts";
import { formatSchedule } from "../domain/needs/note-content.ts";
import { listPublishedNeeds } from "../domain/needs/queries.ts";
import { findNeed } from "../domain/needs/repository.ts";
import { isDeletedNeed } from "../domain/needs/service.ts";
import { DOMAINS, domainBySlug } from "../domain/vocabulary/domains.ts";
import { AboutPage } from "../../web/pages/about.tsx";
import { HomePage } from "../../web/pages/home.tsx";
import { LoginPage } from "../../web/pages/login.tsx";
import { NotFound } from "../../web/pages/not-found.tsx";
import { endSession, startSession } from "./auth.ts";
import type { AppEnv } from "./env.ts";

function frame(c: Context<AppEnv>) {
  const account = c.var.account;
  return {
    instanceName: c.var.deps.config.instanceName,
    signedIn: account && c.var.csrf ? { username: account.username, csrf: c.var.csrf } : undefined,
  };
}

export const pages = new Hono<AppEnv>()
  .get("/", (c) => c.html(<HomePage {...frame(c)} />))
  .get("/about", (c) => c.html(<AboutPage {...frame(c)} host={c.var.deps.config.publicUrl.host} />))
  .get("/login", (c) => c.html(<LoginPage {...frame(c)} />))
  .get("/needs/:id", async (c) => {
    const { db, config } = c.var.deps;
    const id = c.req.param("id");
    const need = await findNeed(db.kysely, id);
    const visible = need?.published && need.status !== "draft" && need.visibility !== "followers";
    if (!need || !visible) {
      const deleted = await isDeletedNeed(db.kysely, id);
      if (deleted && /activity\+json|ld\+json/.test(c.req.header("Accept") ?? "")) {
        // The old id answers 410 with a Tombstone, as ActivityPub asks.
        return c.body(
          JSON.stringify({
            "@context": "https://www.w3.org/ns/activitystreams",
            id: new URL(`/needs/${id}`, config.publicUrl).href,
            type: "Tombstone",
            formerType: "Note",
            deleted,
          }),
          410,
          { "Content-Type": "application/activity+json" },
        );
      }
      if (deleted) return c.html(<NotFound {...frame(c)} message="Cette mission a été supprimée." />, 410);
      return c.html(<NotFound {...frame(c)} message="Cette mission n'existe pas ou n'est pas publique." />, 404);
    }
    const publicNeed = toPublicNeed(need);
    return c.html(
      <NeedPage
        {...frame(c)}
        need={publicNeed}
        when={formatSchedule(need.schedule, "fr")}
        domainLabels={need.domains.map((d) => domainBySlug(d)?.label.fr ?? d)}
        orgAddress={`@${need.organization.handle}@${config.publicUrl.host}`}
        canApply={Boolean(c.var.account && c.var.csrf)}
      />,
    );
  })
  .post("/needs/:id/apply", async (c) => {
    const account = c.var.account;
    if (!account) return c.redirect(`/login?next=/needs/${c.req.param("id")}`, 303);
    const form = await c.req.parseBody();
    const message = typeof form.message === "string" ? form.message.slice(0, 5000) : "";
    await applyLocal(c.var.deps.db.kysely, account, c.req.param("id"), message);
    return c.redirect(`/needs/${c.req.param("id")}?applied=1`, 303);
  })
  .get("/offers/:id/proposal", async (c, next) => {
    const ap = await c.var.deps.federation.offerObject(c.req.raw, c.req.param("id"), true);
    return ap ?? next();
  })
  .get("/offers/:id", async (c) => {
    const { db, config } = c.var.deps;
    const id = c.req.param("id");
    const ap = await c.var.deps.federation.offerObject(c.req.raw, id, false);
    if (ap) return ap;
    const offer = await findOffer(db.kysely, id);
    if (!offer || offer.visibility === "followers") {
      return c.html(<NotFound {...frame(c)} message="Cette offre n'existe pas ou n'est pas publique." />, 404);
    }
    return c.html(<OfferPage {...frame(c)} offer={offer} authorAddress={`@${offer.author.handle}@${config.publicUrl.host}`} />);
  })
  .get("/domains", (c) => c.html(<DomainsPage {...frame(c)} domains={DOMAINS} />))
  .get("/domains/:slug", (c) => {
    const domain = domainBySlug(c.req.param("slug"));
    if (!domain) return c.html(<NotFound {...frame(c)} message="Ce domaine n'existe pas." />, 404);
    return c.html(<DomainPage {...frame(c)} domain={domain} />);
  })
  .get("/:at{@[^/]+}", async (c, next) => {
    const db = c.var.deps.db.kysely;
    const actor = await findActorByHandle(db, c.req.param("at").slice(1));
    if (!actor || actor.type === "Application") return next();
    const org = actor.type === "Group" ? await findOrganization(db, actor.handle) : undefined;
    const view = {
      type: actor.type,
      handle: actor.handle,
      name: actor.name,
      summary: actor.summary,
      address: `@${actor.handle}@${c.var.deps.config.publicUrl.host}`,
      website: org?.website,
    };
    const needs = org ? await listPublishedNeeds(db, org.id, { limit: 50 }) : [];
    const open = needs.filter((n) => n.status === "open").map((n) => ({ id: n.id, title: n.title }));
    return c.html(<ActorPage {...frame(c)} actor={view} needs={open} />);
  })
  .post("/login", async (c) => {
    const form = await c.req.parseBody();
    const login = typeof form.login === "string" ? form.login : "";
    const password = typeof form.password === "string" ? form.password : "";
    const account = login && password ? await checkPassword(c.var.deps.db.kysely, login, password) : undefined;
    if (!account) {
      return c.html(<LoginPage {...frame(c)} login={login} error="Identifiant ou mot de passe incorrect." />, 401);
    }
    await startSession(c, account.id);
    return c.redirect("/", 303);
  })
  .post("/logout", async (c) => {
    await endSession(c);
    return c.redirect("/", 303);
  });
