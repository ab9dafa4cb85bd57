// The privacy and safeguarding pages of issue 14 in real headless Chromium, against a
// real server process, on a 390 px phone and a 1280 px desktop, each checked with
// axe-core (no serious or critical violation), none scrolling sideways, nothing
// blocked by the pages' policy: a volunteer's data and the erasure form (and its
// refusal), the terms to accept, a safeguarded need and the sign-up with its
// declaration of age; an administrator's settings and record of processing; a
// coordinator's checks and applications of a safeguarded need.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage, type OpenChromium, openChromium, PHONE, skipChromium } from "./helpers/chromium.ts";
import { apiClient, runCli, type ServerProcess, startServer } from "./helpers/server.ts";

const PASSWORD = "a long password for tests";

describe.skipIf(skipChromium)("the privacy and safeguarding pages in Chromium, at 390 and 1280 px", () => {
  let server: ServerProcess;
  let chrome: OpenChromium;
  let page: Page;
  let needId = "";

  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_RATE_LIMIT: "1000" } });
    expect(runCli(["user", "create", "camille", "--email", "camille@town.test", "--admin"], server.env, `${PASSWORD}\n`).status).toBe(0);
    expect(runCli(["user", "create", "marc", "--email", "marc@town.test", "--name", "Marc"], server.env, `${PASSWORD}\n`).status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Les Amis de Vaise", "--coordinator", "camille"], server.env).status).toBe(0);
    const camille = apiClient(server, runCli(["token", "create", "camille"], server.env).stdout.trim());
    const marc = apiClient(server, runCli(["token", "create", "marc"], server.env).stdout.trim());
    const created = await camille("POST", "/missions", {
      organization: "asso",
      title: "Aide aux devoirs le mercredi",
      description: "Une heure avec un collégien.",
      domains: ["education"],
      place: { label: "Vaise" },
      schedule: { kind: "flexible" },
    });
    expect([created.status, created.body.safeguarding]).toEqual([201, true]);
    needId = created.body.id;
    expect((await marc("POST", `/missions/${needId}/applications`, { message: "Le mercredi me va." })).status).toBe(201);
    // A check of another volunteer, so that the list has a row and Marc's application still waits for his.
    expect(runCli(["user", "create", "nora", "--email", "nora@town.test"], server.env, `${PASSWORD}\n`).status).toBe(0);
    const checked = await camille("POST", "/organizations/asso/safeguarding-checks", { username: "nora", identity_seen: true, record_seen: true, note: "Vue à la permanence" });
    expect(checked.status).toBe(201);
    chrome = await openChromium({ viewport: PHONE });
    page = chrome.page;
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  const check = (label: string) => checkPage(page, label, chrome.blocked);

  async function visit(path: string, label: string) {
    const res = await page.goto(`${server.url}${path}`);
    expect([label, res?.status()]).toEqual([label, 200]);
    await check(label);
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

  for (const width of [390, 1280]) {
    it(`passes axe on every page of the volunteer, the administrator and the coordinator at ${width} px`, async () => {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      const at = `(${width} px)`;

      // The volunteer: their data, the erasure form and its refusal, the terms, a safeguarded need.
      await logIn("marc");
      await visit("/me/data", `my data ${at}`);
      await page.getByLabel("Votre mot de passe, pour confirmer").fill("not my password");
      await page.getByRole("button", { name: "Supprimer définitivement mon compte" }).click();
      await page.waitForLoadState();
      expect(await page.locator("#delete-password-error, .error").first().textContent()).toContain("Le mot de passe actuel n'est pas le bon.");
      await check(`erasure refused ${at}`);
      await visit("/consent", `terms ${at}`);
      await visit(`/needs/${needId}`, `safeguarded need (applied) ${at}`);
      expect(await page.locator("main").textContent()).toContain("l'association rencontre chaque bénévole en personne avant de l'accepter");
      await logOut();

      // Signed out: the sign-up, with its declaration of age.
      await visit("/signup", `sign-up ${at}`);
      expect(await page.getByRole("radio", { name: "J'ai 18 ans ou plus" }).count()).toBe(1);
      await page.getByRole("button", { name: "Créer mon compte" }).click();
      await page.waitForLoadState();
      await check(`sign-up refused ${at}`);

      // The administrator, who coordinates the organisation.
      await logIn("camille");
      await visit("/admin/settings", `settings ${at}`);
      expect(await page.getByLabel("Âge minimum des bénévoles").inputValue()).toBe("16");
      await page.getByLabel("Âge minimum des bénévoles").fill("12");
      await page.getByRole("button", { name: "Enregistrer les réglages" }).click();
      await page.waitForLoadState();
      expect(await page.locator("#volunteers\\.minimumAge-error").textContent()).toBe("L'âge minimum est un nombre entier de 15 à 18.");
      await check(`settings refused ${at}`);
      await visit("/admin/privacy", `record of processing ${at}`);
      expect(await page.locator("main").textContent()).toContain("Vérification des bénévoles");
      await visit("/coordinate/organizations/asso/safeguarding", `checks ${at}`);
      expect(await page.getByRole("row", { name: /@nora/ }).textContent()).toContain("Valable");
      await visit(`/coordinate/needs/${needId}/applications`, `applications of a safeguarded need ${at}`);
      expect(await page.locator("main").textContent()).toContain("À rencontrer et vérifier avant de pouvoir l'accepter.");
      await visit("/coordinate/needs/new?organization=asso", `need form ${at}`);
      expect(await page.getByLabel("Mission auprès de mineurs ou de personnes vulnérables ?").locator("option").count()).toBe(3);
      await logOut();
    }, 180_000);
  }
});
