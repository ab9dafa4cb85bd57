// Issue 13, point 7: the two journeys in real headless Chromium, against a real server
// process that sends its mail to a real SMTP sink.
// 1. A citizen on a 390 px phone finds a followers-only need about elderly people
//    while not signed in (its teaser), signs up from "Je peux aider", follows the
//    welcome mail's link back (it keeps `next`), applies sharing her email, is accepted,
//    receives the mail, and sees the exact address, contact and practical details on
//    the need and in /me, and the notification with the unread count in the header.
// 2. A coordinator on a desktop publishes a need through the form (with the person
//    helped and the day of their agreement), is told of two applications, accepts one,
//    rejects one with a reason (its words reach the volunteer), cancels with a message,
//    and the accepted volunteer is told, by mail and in the app.
// Every page visited is checked with axe-core (no serious or critical violation) and
// nothing is blocked by the pages' policy. Screenshots go to test/output/screenshots/,
// or to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage, DESKTOP, type OpenChromium, openChromium, PHONE, screenshotsDir, skipChromium } from "./helpers/chromium.ts";
import { apiClient, runCli, type ServerProcess, startServer } from "./helpers/server.ts";
import { smtpServer } from "./helpers/smtp.ts";
import { until } from "./helpers/wait.ts";

const PASSWORD = "a long password for tests";
// Mail crosses the event stream, the outbox and the worker of another process, on a loaded machine.
const MAIL_WAIT = 60_000;

describe.skipIf(skipChromium)("the two journeys of issue 13 in Chromium", () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let server: ServerProcess;
  let chrome: OpenChromium;
  let page: Page;
  let coordinator: ReturnType<typeof apiClient>;
  const mailsTo = (address: string) => smtp.inbox.filter((m) => m.to.includes(address)).map((m) => m.mail);
  const mailTo = (address: string, subject: string) =>
    until(`the mail « ${subject} » to ${address}`, async () => mailsTo(address).find((m) => m.subject === subject), MAIL_WAIT);

  beforeAll(async () => {
    smtp = await smtpServer();
    server = await startServer({
      env: {
        SMTP_URL: `smtp://entraide:s3cret@127.0.0.1:${smtp.port}`,
        SMTP_FROM: "Entraide Vaise <entraide@town.test>",
        LOGIN_RATE_LIMIT: "1000",
        INSTANCE_NAME: "Entraide Vaise",
      },
    });
    for (const name of ["camille", "marc", "nora"]) {
      const made = runCli(["user", "create", name, "--email", `${name}@town.test`, "--name", name[0]!.toUpperCase() + name.slice(1)], server.env, `${PASSWORD}\n`);
      expect(made.status, made.stderr).toBe(0);
    }
    expect(runCli(["org", "create", "asso", "--name", "Les Amis de Vaise", "--coordinator", "camille"], server.env).status).toBe(0);
    coordinator = apiClient(server, runCli(["token", "create", "camille"], server.env).stdout.trim());
    chrome = await openChromium({ viewport: PHONE });
    page = chrome.page;
  }, 180_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
    await smtp?.close();
  });

  /** No serious or critical axe violation, nothing blocked by the policy, no sideways scroll. */
  const check = (label: string) => checkPage(page, label, chrome.blocked);

  /** The page as it is, at the width it is seen at (`-phone` or `-desktop`), like browser.test.ts names them. */
  async function shoot(name: string, at: "phone" | "desktop") {
    await page.screenshot({ path: join(screenshotsDir, `${name}-${at}.png`), fullPage: true });
  }

  async function logIn(login: string) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Nom d'utilisateur ou adresse e-mail").fill(login);
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
  }

  async function logOut() {
    await page.getByRole("button", { name: "Se déconnecter" }).click();
    await page.waitForURL(`${server.url}/`);
  }

  it("a citizen on a phone finds a followers-only need, signs up, applies, is accepted and gets the details", async () => {
    await page.setViewportSize(PHONE);
    const created = await coordinator("POST", "/missions", {
      organization: "asso",
      title: "Courses pour une voisine de 90 ans",
      description: "Faire les courses du samedi avec elle.",
      domains: ["personnes-agees"],
      safeguarding: false,
      place: { label: "Vaise", address: "7 rue du Docteur Horand, 69009 Lyon" },
      schedule: { kind: "date", start: "2027-03-13T10:00:00+01:00" },
      volunteers_wanted: 2,
      contact: "06 11 22 33 44",
      practical_details: "Demandez Mme Morel à l'accueil ; apportez un cabas.",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.visibility).toBe("followers");
    const needPath = `/needs/${created.body.id}`;
    const needUrl = `${server.url}${needPath}`;

    // Not signed in, the home page and search list no followers-only need (by the access policy):
    // she comes from the need's address, shared by the organisation or a neighbour.
    await page.goto(`${server.url}/`);
    expect(await page.content()).not.toContain("Courses pour une voisine");
    await check("home (anonymous)");
    await page.goto(`${server.url}/search?domain=personnes-agees`);
    expect(await page.content()).not.toContain("Courses pour une voisine");
    await check("search (anonymous)");
    // Its teaser says what kind of need it is, never its words.
    await page.goto(needUrl);
    expect(await page.locator("h1").textContent()).toBe("Une mission de Les Amis de Vaise");
    const teaser = await page.content();
    expect(teaser).not.toContain("Courses pour une voisine");
    expect(teaser).not.toContain("Docteur Horand");
    await check("teaser");
    await shoot("teaser", "phone");

    // "Je peux aider" leads to sign in; she has no account: sign up, keeping `next`.
    await page.getByRole("link", { name: "✋ Je peux aider", exact: true }).click();
    await page.waitForURL(/\/login\?next=/);
    await check("login (with next)");
    await page.getByRole("link", { name: "Pas encore de compte ? Créez-en un." }).click();
    await page.waitForURL(/\/signup\?next=/);
    await check("sign-up (with next)");
    await page.getByLabel("Nom d'utilisateur", { exact: true }).fill("lucie");
    await page.getByLabel("Adresse e-mail").fill("lucie@town.test");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("radio", { name: "J'ai 18 ans ou plus" }).check();
    await page.getByLabel("J'accepte les règles").check();
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await page.getByText("Merci. Nous avons envoyé un message à l'adresse indiquée").waitFor({ timeout: 30_000 });
    await check("sign-up (sent)");

    // The welcome mail's sign-in link carries `next`.
    const welcome = await mailTo("lucie@town.test", "Votre compte sur Entraide Vaise");
    const link = welcome.text?.split(/\s+/).find((w) => w.startsWith(`${server.url}/login`));
    expect(link, welcome.text).toBeDefined();
    expect(new URL(link!).searchParams.get("next")).toBe(needPath);
    await page.goto(link!);
    await check("login (from the welcome mail)");
    await page.getByLabel("Nom d'utilisateur ou adresse e-mail").fill("lucie");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL(needUrl);

    // Back on the need, signed in: the need itself and the form.
    expect(await page.locator("h1").textContent()).toBe("Courses pour une voisine de 90 ans");
    expect(await page.content()).not.toContain("Docteur Horand");
    await check("need (signed in)");
    await page.getByLabel("Un mot pour l'association").fill("Je suis libre le samedi matin.");
    await page.getByLabel("Partager mon adresse e-mail avec l'association pour qu'elle puisse me joindre").check();
    await page.getByRole("button", { name: "✋ Je peux aider" }).click();
    await page.waitForURL(/done=applied/);
    expect(await page.getByRole("status").textContent()).toContain("Votre proposition d'aide a été envoyée");
    await check("need (applied)");

    // The coordinator, through the API, sees how to reach her (she shared her email) and accepts.
    const listed = await coordinator("GET", `/missions/${created.body.id}/applications`);
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0].contact).toEqual({ email: "lucie@town.test" });
    expect((await coordinator("PATCH", `/applications/${listed.body[0].id}`, { status: "accepted" })).status).toBe(200);
    const accepted = await mailTo("lucie@town.test", "Votre proposition d'aide pour « Courses pour une voisine de 90 ans » est acceptée");
    expect(accepted.text).toContain(needUrl);

    // The need's page now gives her the details, the form is gone.
    await page.goto(needUrl);
    const details = page.getByRole("region", { name: "Pour vous, bénévole accepté·e" });
    const block = await details.textContent();
    expect(block).toContain("7 rue du Docteur Horand, 69009 Lyon");
    expect(block).toContain("06 11 22 33 44");
    expect(block).toContain("Demandez Mme Morel à l'accueil ; apportez un cabas.");
    expect(await page.getByRole("button", { name: "✋ Je peux aider" }).count()).toBe(0);
    await check("need (accepted volunteer)");
    await details.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotsDir, "volunteer-details-phone.png") });

    // In my space too.
    await page.goto(`${server.url}/me`);
    const mine = await page.getByRole("region", { name: "Pour vous, bénévole accepté·e" }).textContent();
    expect(mine).toContain("7 rue du Docteur Horand, 69009 Lyon");
    expect(mine).toContain("06 11 22 33 44");
    expect(mine).toContain("apportez un cabas");
    await check("my space (accepted)");

    // The header counts the unread notification, in words for screen readers; the list says it.
    const bell = page.locator("a.notifications-link").first();
    await expect
      .poll(
        async () => {
          await page.reload();
          return bell.textContent();
        },
        { timeout: MAIL_WAIT },
      )
      .toContain("(1 notification non lue)");
    await bell.click();
    await page.waitForURL(`${server.url}/me/notifications`);
    expect(await page.locator("main").textContent()).toContain("Votre proposition d'aide pour « Courses pour une voisine de 90 ans » est acceptée");
    await check("my notifications");
    await shoot("notifications", "phone");
    await logOut();
    expect(chrome.blocked).toEqual([]);
  }, 300_000);

  it("a coordinator on a desktop publishes, is told, accepts one, rejects one with a reason, cancels with a message", async () => {
    await page.setViewportSize(DESKTOP);
    await logIn("camille");
    await page.goto(`${server.url}/coordinate`);
    await check("coordination");
    await page.getByRole("link", { name: "Publier une mission" }).click();
    await check("need form");
    await page.getByLabel("Titre").fill("Aide aux devoirs à Vaise");
    await page.getByLabel("Description", { exact: true }).fill("Une heure avec un **collégien**, le mercredi.");
    await page.getByRole("checkbox", { name: "Éducation" }).check();
    await page.getByLabel("Lieu public").fill("Vaise");
    await page.getByLabel("Adresse exacte").fill("3 place Valmy, 69009 Lyon");
    await page.getByLabel("Début").fill("2027-02-10T14:00");
    await page.getByLabel("Nombre de bénévoles").fill("1");
    await page.getByLabel("Personne aidée").fill("Théo, 12 ans");
    await page.getByLabel("Jour de son accord (ou de son représentant)").fill("2026-11-30");
    await page.getByLabel("Infos pratiques").fill("Sonnez chez Mme Diallo.");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.waitForURL(/\/needs\/[^/?]+(\?.*)?$/);
    const needId = new URL(page.url()).pathname.split("/").pop()!;
    expect(await page.locator("h1").textContent()).toBe("Aide aux devoirs à Vaise");
    expect(await page.content()).not.toContain("Théo");
    await check("need (just published)");

    // Two citizens apply, through the API.
    const ids: Record<string, string> = {};
    for (const name of ["marc", "nora"]) {
      const citizen = apiClient(server, runCli(["token", "create", name], server.env).stdout.trim());
      const applied = await citizen("POST", `/missions/${needId}/applications`, { message: `Ici ${name}.` });
      expect(applied.status, JSON.stringify(applied.body)).toBe(201);
      ids[name] = applied.body.id;
    }
    // The coordinator is told of each, by mail and in the app.
    for (const name of ["Marc", "Nora"]) {
      const mail = await mailTo("camille@town.test", `${name} propose son aide pour « Aide aux devoirs à Vaise »`);
      expect(mail.text).toContain(`${server.url}/coordinate/needs/${needId}/applications`);
    }
    await page.goto(`${server.url}/me/notifications`);
    const told = await page.locator("main").textContent();
    expect(told).toContain("Marc propose son aide pour « Aide aux devoirs à Vaise »");
    expect(told).toContain("Nora propose son aide pour « Aide aux devoirs à Vaise »");
    await check("my notifications (coordinator)");

    // The applications: accept Marc, reject Nora with a reason.
    await page.goto(`${server.url}/coordinate/needs/${needId}/applications`);
    await check("applications");
    const card = (name: string) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: new RegExp(`@${name}\\)`) }) });
    // Homework with a child: safeguarded by default (education). Marc is met before he is accepted.
    await card("marc").getByRole("button", { name: "Accepter" }).click();
    await page.waitForURL(/error=safeguarding_check_required/);
    expect(await page.getByRole("alert").textContent()).toContain("rencontrez ce bénévole et notez sa vérification");
    await card("marc").getByRole("link", { name: "Noter la vérification" }).click();
    await page.waitForURL(/\/safeguarding\?username=marc/);
    await check("safeguarding check (form)");
    await page.getByLabel("Une pièce d'identité").check();
    await page.getByLabel("Le contrôle d'honorabilité (extrait de casier judiciaire)").check();
    await page.getByRole("button", { name: "Enregistrer la vérification" }).click();
    await page.waitForURL(/applications\?done=checked/);
    expect(await card("marc").textContent()).toContain("Vérifié par votre association.");
    await card("marc").getByRole("button", { name: "Accepter" }).click();
    await page.waitForLoadState();
    await expect.poll(() => card("marc").locator(".status-accepted").textContent(), { timeout: 30_000 }).toBe("acceptée");
    await check("applications (one accepted)");
    await card("nora").getByLabel("Raison du refus").selectOption("profile_mismatch");
    await card("nora").getByRole("button", { name: "Refuser" }).click();
    await page.waitForLoadState();
    await expect.poll(() => card("nora").locator(".status-rejected").textContent(), { timeout: 30_000 }).toBe("refusée");
    await check("applications (one rejected)");
    const rejected = await mailTo("nora@town.test", "Votre proposition d'aide pour « Aide aux devoirs à Vaise » n'est pas retenue : votre profil ne correspond pas à cette mission");
    expect(rejected.text).toContain("votre profil ne correspond pas à cette mission");
    await mailTo("marc@town.test", "Votre proposition d'aide pour « Aide aux devoirs à Vaise » est acceptée");

    // Cancel, with a message for the accepted volunteers.
    const cancel = page.locator("form").filter({ has: page.getByLabel("Message pour les bénévoles acceptés (facultatif)") }).last();
    await cancel.getByLabel("Message pour les bénévoles acceptés (facultatif)").fill("La famille déménage, merci beaucoup.");
    await cancel.scrollIntoViewIfNeeded();
    await shoot("coordinator-actions", "desktop");
    await cancel.getByRole("button", { name: "Annuler la mission" }).click();
    await page.waitForLoadState();
    await expect.poll(() => page.getByRole("status").first().textContent(), { timeout: 30_000 }).toContain("La mission est annulée ; les bénévoles acceptés sont prévenus.");
    await check("applications (need cancelled)");
    await logOut();

    // Marc is told, by mail and in the app, with the coordinator's words; Nora, not accepted, is not.
    const cancelled = await until(
      "the cancellation mail to marc",
      async () => mailsTo("marc@town.test").find((m) => m.subject?.includes("est annulée")),
      MAIL_WAIT,
    );
    expect(cancelled.subject).toContain("Aide aux devoirs à Vaise");
    expect(cancelled.text).toContain("La famille déménage, merci beaucoup.");
    expect(cancelled.text).not.toContain("Sonnez chez Mme Diallo");
    await logIn("marc");
    await page.goto(`${server.url}/me/notifications`);
    const marcTold = await page.locator("main").textContent();
    expect(marcTold).toContain("La mission « Aide aux devoirs à Vaise » est annulée");
    expect(marcTold).toContain("La famille déménage, merci beaucoup.");
    await check("my notifications (cancelled)");
    await page.goto(`${server.url}/needs/${needId}`);
    expect(await page.content()).not.toContain("3 place Valmy");
    expect(await page.getByRole("button", { name: "✋ Je peux aider" }).count()).toBe(0);
    await check("need (cancelled)");
    await logOut();
    expect(mailsTo("nora@town.test").some((m) => m.subject?.includes("est annulée"))).toBe(false);
    expect(chrome.blocked).toEqual([]);
  }, 300_000);
});
