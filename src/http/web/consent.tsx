// New terms are accepted before anything else: a signed-in visitor who has not
// accepted the version in force (src/domain/consent/terms.ts) is sent to /consent
// from any page but those they need to decide (the terms themselves on /about,
// their data and its deletion, signing out).
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { ConsentPage } from "../../../web/pages/consent.tsx";
import { acceptTerms, currentTermsVersion, termsToAccept } from "../../domain/consent/terms.ts";
import type { AppEnv } from "../env.ts";
import { formBody, frame, localPath, signedInOrLogin } from "./frame.ts";

const FREE = [/^\/consent$/, /^\/logout$/, /^\/about$/, /^\/me\/data(\.json)?$/, /^\/me\/delete$/, /^\/style-[^/]+\.css$/, /^\/favicon/];

/** Sends a web session whose account has not accepted the terms in force to /consent (pages only: the API is not gated). */
export const termsGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const account = c.var.account;
  if (!account || c.var.via !== "session" || FREE.some((r) => r.test(c.req.path))) return next();
  if ((await termsToAccept(c.var.deps.db.kysely, account.id)) === null) return next();
  const back = c.req.method === "GET" ? `${c.req.path}${new URL(c.req.url).search}` : "/";
  return c.redirect(`/consent?next=${encodeURIComponent(back)}`, 303);
};

async function consentPage(c: Context<AppEnv>, error?: string) {
  const f = await frame(c);
  const current = await currentTermsVersion(c.var.deps.db.kysely);
  return <ConsentPage {...f} changed={current.changed} published={current.published} next={localPath(c.req.query("next"))} error={error} />;
}

export const consentPages = new Hono<AppEnv>()
  .get("/consent", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    return c.html(await consentPage(c));
  })
  .post("/consent", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const form = await formBody(c);
    if (form.accept !== "yes") return c.html(await consentPage(c, (await frame(c)).t("consent.required")), 422);
    await acceptTerms(c.var.deps.db.kysely, account.id, Number(form.version) || undefined);
    return c.redirect(localPath(form.next), 303);
  });
