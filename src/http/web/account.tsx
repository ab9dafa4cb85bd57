// Accounts from the web: sign up, log in and out, password reset, my space.
import { acceptTerms } from "../../domain/consent/terms.ts";
import { Hono } from "hono";
import { LoginPage } from "../../../web/pages/login.tsx";
import { MePage, type MyApplication } from "../../../web/pages/me.tsx";
import { volunteeringView } from "./outcomes.tsx";
import type { OfferFormValues } from "../../../web/pages/offer-form.tsx";
import { ResetChoosePage, ResetRequestPage } from "../../../web/pages/reset.tsx";
import { SignupPage, type SignupAges } from "../../../web/pages/signup.tsx";
import { type AgeDeclaration, checkAgeDeclaration, minorsMayJoin, type VolunteerAgeSettings } from "../../domain/safeguarding/age.ts";
import { changePassword, setDisplayName } from "../../domain/accounts/profile.ts";
import { completePasswordReset, isValidReset, RESET_MINUTES } from "../../domain/accounts/resets.ts";
import { enqueueMail } from "../../domain/mail/outbox.ts";
import { type Account, authenticate as checkPassword, findUserById, signUp } from "../../domain/accounts/users.ts";
import { listMyApplications } from "../../domain/needs/applications.ts";
import { listOutgoing } from "../../domain/needs/outgoing.ts";
import { findNeed } from "../../domain/needs/repository.ts";
import { listOffers } from "../../domain/offers/offers.ts";
import { myVolunteerDetailsByApplication } from "../../domain/volunteer-details/details.ts";
import { DOMAINS } from "../../domain/vocabulary/domains.ts";
import { logger } from "../../logging.ts";
import type { MessageKey } from "../../../web/i18n/index.ts";
import { endSession, loginFormToken, loginTokenMatches, startSession, viewerOf } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { fieldError, formBody, frame, localPath, nextPath, queryError, signedInOrLogin } from "./frame.ts";
import { followedViews } from "./follows.tsx";

const log = logger("http", "accounts");

/** What the sign-up form offers to declare of one's age, from the instance's settings. */
function signupAges(volunteers: VolunteerAgeSettings): SignupAges {
  return { minimumAge: volunteers.minimumAge, minors: minorsMayJoin(volunteers) };
}


export const accountPages = new Hono<AppEnv>()
  .get("/login", async (c) => {
    const f = await frame(c);
    const notice = c.req.query("reset") ? f.t("reset.done") : undefined;
    return c.html(<LoginPage {...f} csrf={loginFormToken(c)} next={nextPath(c.req.query("next"))} notice={notice} />);
  })
  .post("/login", async (c) => {
    const form = await formBody(c);
    const login = form.login ?? "";
    if (!loginTokenMatches(c, form._csrf)) {
      // Posted from another site, or a form older than its cookie: the form again, with a fresh token.
      const f = await frame(c);
      log.info("Refused a login form without its CSRF token");
      return c.html(<LoginPage {...f} csrf={loginFormToken(c)} login={login} next={form.next} error={f.t("login.expired")} />, 403);
    }
    const password = form.password ?? "";
    const account = login && password ? await checkPassword(c.var.deps.db.kysely, login, password) : undefined;
    if (!account) {
      const f = await frame(c);
      return c.html(<LoginPage {...f} csrf={loginFormToken(c)} login={login} next={form.next} error={f.t("login.error")} />, 401);
    }
    await startSession(c, account.id);
    return c.redirect(localPath(form.next), 303);
  })
  .post("/logout", async (c) => {
    await endSession(c);
    return c.redirect("/", 303);
  })
  .get("/signup", async (c) => {
    const { registrationsOpen, volunteers } = await c.var.deps.settings.get();
    return c.html(
      <SignupPage {...await frame(c)} closed={!registrationsOpen} next={nextPath(c.req.query("next"))} ages={signupAges(volunteers)} />,
      registrationsOpen ? 200 : 403,
    );
  })
  .post("/signup", async (c) => {
    const f = await frame(c);
    const form = await formBody(c);
    const values = { username: form.username ?? "", email: form.email ?? "", displayName: form.displayName ?? "", age: form.age ?? "" };
    // Where the citizen was going (a need's page): kept through the form, the welcome mail's link and the login.
    const next = nextPath(form.next);
    const { registrationsOpen, volunteers } = await c.var.deps.settings.get();
    const ages = signupAges(volunteers);
    if (!registrationsOpen) return c.html(<SignupPage {...f} closed next={next} />, 403);
    if (form.consent !== "yes") {
      return c.html(<SignupPage {...f} values={values} next={next} ages={ages} errors={{ consent: f.t("signup.consentRequired") }} />, 422);
    }
    let account: Account | undefined;
    let age: AgeDeclaration;
    try {
      // Too young, or a minor where the instance takes none: refused before anything is made.
      age = checkAgeDeclaration(volunteers, form.age);
      account = await signUp(c.var.deps.db.kysely, registrationsOpen, { ...values, password: form.password ?? "" });
    } catch (error) {
      return c.html(<SignupPage {...f} values={values} next={next} ages={ages} errors={fieldError(error, f.t, "username")} />, 422);
    }
    // The same answer and the same job whether the address was free or already an account's:
    // the mail says which to its owner only (a welcome, or "someone tried with your address").
    const email = values.email.trim().toLowerCase();
    await enqueueMail(c.var.deps.db.kysely, { kind: "signup", email, username: values.username, language: f.lang, ...(next ? { next } : {}) });
    if (account) {
      await acceptTerms(c.var.deps.db.kysely, account.id, undefined, age);
      log.info("New account @{username} signed up", { username: account.username });
    }
    return c.html(<SignupPage {...f} sent next={next} />);
  })
  .get("/password-reset", async (c) => c.html(<ResetRequestPage {...await frame(c)} />))
  .post("/password-reset", async (c) => {
    const form = await formBody(c);
    const f = await frame(c);
    const email = (form.email ?? "").trim().toLowerCase();
    // The same work whether or not an account has this address: the mail worker looks it up,
    // and sends the link in the language of this page (or writes it to the log without SMTP).
    if (email.includes("@") && email.length <= 320) {
      await enqueueMail(c.var.deps.db.kysely, { kind: "reset", email, language: f.lang }, RESET_MINUTES * 60_000);
    }
    return c.html(<ResetRequestPage {...f} sent />);
  })
  .get("/password-reset/:token", async (c) => {
    const token = c.req.param("token");
    const valid = await isValidReset(c.var.deps.db.kysely, token);
    // The secret is in the address: no Referer carries it to another site.
    c.header("Referrer-Policy", "no-referrer");
    return c.html(<ResetChoosePage {...await frame(c)} token={token} valid={valid} />, valid ? 200 : 410);
  })
  .post("/password-reset/:token", async (c) => {
    const token = c.req.param("token");
    const form = await formBody(c);
    try {
      await completePasswordReset(c.var.deps.db.kysely, token, form.password ?? "");
    } catch (error) {
      const errors = fieldError(error, (await frame(c)).t, "password");
      c.header("Referrer-Policy", "no-referrer");
      return c.html(<ResetChoosePage {...await frame(c)} token={token} valid={!errors.token} errors={errors} />, 422);
    }
    return c.redirect("/login?reset=1", 303);
  })
  .get("/me", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    // After a password change, the page says that the other sessions and the tokens ended.
    const saved = c.req.query("password") === "1" ? "password" : c.req.query("saved") === "1";
    // An action of the page refused (?error=<code>, e.g. withdrawing an application already decided).
    const refused = queryError(c.req.query("error"), (await frame(c)).t);
    return c.html(await mePage(c, account.id, refused ? { _form: refused } : {}, saved));
  })
  .post("/me/profile", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const form = await formBody(c);
    try {
      await setDisplayName(c.var.deps.db.kysely, account, form.displayName ?? "");
    } catch (error) {
      return c.html(await mePage(c, account.id, fieldError(error, (await frame(c)).t, "displayName")), 422);
    }
    return c.redirect("/me?saved=1", 303);
  })
  .post("/me/password", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const form = await formBody(c);
    try {
      await changePassword(c.var.deps.db.kysely, account, form.current ?? "", form.password ?? "", c.var.sessionSecret);
    } catch (error) {
      const errors = fieldError(error, (await frame(c)).t, "password");
      if (errors.current) errors.current = (await frame(c)).t("me.wrongPassword");
      return c.html(await mePage(c, account.id, errors), 422);
    }
    return c.redirect("/me?password=1", 303);
  });

/** "My space"; errors and offerValues when one of its forms is refused. */
export async function mePage(
  c: Parameters<typeof frame>[0],
  userId: string,
  errors: Record<string, string>,
  saved: boolean | "password" = false,
  offerValues?: OfferFormValues,
) {
  const f = await frame(c);
  const db = c.var.deps.db.kysely;
  const account = (await findUserById(db, userId))!;
  const [local, outgoing, offers] = await Promise.all([
    listMyApplications(db, account),
    listOutgoing(db, account),
    listOffers(db, { viewer: viewerOf(c), authorId: account.id, limit: 50 }),
  ]);
  const label = (status: string) => f.t(`app.${status}` as MessageKey) ?? status;
  const applications: MyApplication[] = [];
  const details = await myVolunteerDetailsByApplication(db, viewerOf(c), local);
  for (const a of local) {
    const need = await findNeed(db, a.needId);
    applications.push({
      id: a.id,
      title: need?.title ?? "—",
      url: `/needs/${a.needId}`,
      status: a.status,
      statusLabel: label(a.status),
      reason: a.reason ? f.t(`reason.${a.reason}` as MessageKey) : null,
      updated: a.updated,
      details: details.get(a.id),
    });
  }
  for (const o of outgoing) {
    applications.push({
      // Withdrawn from here too: its organisation's server is told (an Undo, or a Delete).
      id: o.id,
      title: o.title,
      url: o.need_uri,
      status: o.status,
      statusLabel: label(o.status),
      reason: o.reason,
      updated: o.updated,
    });
  }
  applications.sort((a, b) => b.updated.localeCompare(a.updated));
  const followed = await followedViews(c, f, account.id);
  const volunteering = await volunteeringView(c, f, account.id);
  return (
    <MePage
      {...f}
      displayName={account.displayName}
      applications={applications}
      offers={offers}
      domains={DOMAINS}
      offerValues={offerValues}
      errors={errors}
      saved={saved}
      followed={followed}
      volunteering={volunteering}
    />
  );
}
