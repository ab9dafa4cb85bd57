// Web pages: handlers here, views in web/ (views never query the database).
import { Hono } from "hono";
import type { Context } from "hono";
import { authenticate as checkPassword } from "../domain/accounts/users.ts";
import { findActorByHandle } from "../domain/actors/actors.ts";
import { findOrganization } from "../domain/organizations/organizations.ts";
import { ActorPage } from "../../web/pages/actor.tsx";
import { AboutPage } from "../../web/pages/about.tsx";
import { HomePage } from "../../web/pages/home.tsx";
import { LoginPage } from "../../web/pages/login.tsx";
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
    return c.html(<ActorPage {...frame(c)} actor={view} />);
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
