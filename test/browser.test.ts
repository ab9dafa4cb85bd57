// End to end in real headless Chromium against a real server process: a citizen
// signs up, a coordinator publishes a need through the form (with its Mastodon
// preview), the citizen finds it and offers help, the coordinator accepts, the
// citizen sees it accepted. axe-core checks every page visited; screenshots of
// the main pages at phone and desktop widths go to test/output/screenshots/.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, runCli, type ServerProcess, startServer, tempDir } from "./helpers/server.ts";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) {
  console.warn(`Skipping the browser test: ${CHROMIUM} is missing (apt-get install -y chromium). In CI it must run.`);
}
const screenshots = join(root, "test", "output", "screenshots");
const axeSource = readFileSync(join(root, "node_modules", "axe-core", "axe.min.js"), "utf8");
const PASSWORD = "a long password for tests";

describe.skipIf(!available && !process.env.CI)("the web interface in Chromium", () => {
  let server: ServerProcess;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const visited = new Map<string, string[]>();

  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_RATE_LIMIT: "1000", INSTANCE_NAME: "Entraide Exemple" } });
    const coord = runCli(["user", "create", "camille", "--email", "camille@town.test", "--name", "Camille"], server.env, `${PASSWORD}\n`);
    expect(coord.status, coord.stderr).toBe(0);
    const org = runCli(["org", "create", "asso", "--name", "Asso des Pentes", "--coordinator", "camille"], server.env);
    expect(org.status, org.stderr).toBe(0);
    userDataDir = tempDir("entraide-chromium-");
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: FLAGS,
      headless: true,
      viewport: { width: 1280, height: 800 },
      locale: "fr-FR",
    });
    page = context.pages()[0] ?? (await context.newPage());
    mkdirSync(screenshots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  /** No serious or critical axe violation on the page as it is now. */
  async function checkAccessibility(label: string) {
    await page.addScriptTag({ content: axeSource });
    const results = (await page.evaluate(async () => {
      const axe = (window as any).axe;
      const r = await axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.map((n) => n.target.join(" ")),
      }));
    })) as { id: string; impact: string; targets: string[] }[];
    const serious = results.filter((v) => v.impact === "serious" || v.impact === "critical");
    visited.set(label, serious.map((v) => v.id));
    expect(serious, `${label}: ${JSON.stringify(serious)}`).toEqual([]);
  }

  async function shoot(name: string) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(screenshots, `${name}-phone.png`) });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(screenshots, `${name}-desktop.png`) });
  }

  async function logIn(login: string) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Nom d'utilisateur ou adresse e-mail").fill(login);
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForLoadState();
  }

  async function logOut() {
    await page.getByRole("button", { name: "Se déconnecter" }).click();
    await page.waitForURL(`${server.url}/`);
  }

  it("takes a need from publication to an accepted volunteer", async () => {
    // A citizen signs up.
    await page.goto(`${server.url}/`);
    await checkAccessibility("home (empty)");
    await page.getByRole("link", { name: "Créer un compte" }).click();
    await checkAccessibility("sign-up");
    await page.getByLabel("Nom d'utilisateur", { exact: true }).fill("lucie");
    await page.getByLabel("Adresse e-mail").fill("lucie@town.test");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByLabel("J'accepte les règles").check();
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await page.waitForURL(`${server.url}/me`);
    await checkAccessibility("my space (new)");
    await logOut();

    // The coordinator publishes a need through the form, after a preview.
    await logIn("camille");
    await page.getByRole("link", { name: "Coordination" }).click();
    await checkAccessibility("coordination");
    await page.getByRole("link", { name: "Publier un besoin" }).click();
    await page.getByLabel("Titre").fill("Visite de convivialité aux Pentes");
    await page.getByLabel("Description (Markdown)").fill("Passer une heure avec une **voisine** qui aime parler de jardins.");
    await page.getByRole("checkbox", { name: "Culture et loisirs" }).check();
    await page.getByLabel("Lieu public").fill("Croix-Rousse");
    await page.getByLabel("Adresse exacte").fill("12 rue Secrète");
    await page.getByLabel("Latitude").fill("45.7745");
    await page.getByLabel("Longitude").fill("4.8321");
    await page.getByLabel("Début").fill("2026-12-15T14:00");
    await page.getByLabel("Fin (facultatif)").fill("2026-12-15T16:00");
    await page.getByLabel("Nombre de bénévoles").fill("2");
    await page.getByLabel("Visibilité").selectOption("public");
    await page.getByLabel("Personne aidée").fill("Mme Confidentielle");
    await page.getByRole("button", { name: "Aperçu" }).click();
    const preview = page.locator("#preview");
    await expect.poll(() => preview.isVisible()).toBe(true);
    expect(await preview.textContent()).toContain("Visite de convivialité aux Pentes");
    expect(await preview.textContent()).toContain("mardi 15 décembre 2026, 14:00–16:00");
    expect(await preview.textContent()).not.toContain("Confidentielle");
    await checkAccessibility("need form with preview");
    await shoot("need-form");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.waitForURL(/\/needs\/[^/]+$/);
    const needUrl = page.url();
    expect(await page.locator("h1").textContent()).toBe("Visite de convivialité aux Pentes");
    await logOut();

    // The citizen finds it by searching and offers help.
    await logIn("lucie");
    await page.goto(`${server.url}/`);
    await checkAccessibility("home");
    await shoot("home");
    await page.getByRole("link", { name: "Chercher" }).first().click();
    await page.getByLabel("Mots-clés").fill("convivialité");
    await page.getByRole("button", { name: "Chercher" }).click();
    await checkAccessibility("search results");
    await shoot("search");
    await page.getByRole("link", { name: "Visite de convivialité aux Pentes" }).click();
    expect(page.url()).toBe(needUrl);
    await checkAccessibility("need");
    expect(await page.content()).not.toContain("12 rue Secrète");
    await page.getByLabel("Un mot pour l'association").fill("Disponible le mardi");
    await page.getByRole("button", { name: "✋ Je peux aider" }).click();
    await page.waitForURL(/applied=1/);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Merci");
    await page.goto(needUrl);
    await shoot("need");
    await logOut();

    // The coordinator accepts in the applications inbox.
    await logIn("camille");
    await page.goto(`${server.url}/coordinate`);
    await page.getByRole("link", { name: /1 proposition/ }).click();
    await checkAccessibility("applications inbox");
    await shoot("inbox");
    await page.getByRole("button", { name: "Accepter" }).click();
    await page.waitForLoadState();
    expect(await page.locator(".status-accepted").textContent()).toBe("acceptée");
    await logOut();

    // The citizen sees it accepted in "my applications".
    await logIn("lucie");
    await page.goto(`${server.url}/me`);
    await checkAccessibility("my applications");
    const row = page.getByRole("row", { name: /Visite de convivialité/ });
    expect(await row.textContent()).toContain("acceptée");
    await shoot("me");

    // And in English, from the language switch.
    await page.getByRole("link", { name: "English" }).click();
    await page.waitForLoadState();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.getByRole("row", { name: /Visite de convivialité/ }).textContent()).toContain("accepted");
    await checkAccessibility("my applications (English)");

    for (const path of ["/about", "/offers", "/search?domain=culture-loisirs", "/@asso", "/signup", "/password-reset"]) {
      await page.goto(`${server.url}${path}`);
      await checkAccessibility(path);
    }
    expect([...visited.values()].flat()).toEqual([]);
  }, 180_000);

  it("makes, lists and deletes an alert with the form alone, errors named in the page's language", async () => {
    await page.goto(`${server.url}/lang/fr?back=/me`);
    await page.getByRole("link", { name: "Mes alertes" }).click();
    await page.waitForURL(`${server.url}/me/alerts`);
    await checkAccessibility("my alerts");
    // No domain, and a place no need names: both refused, each by its field.
    await page.getByRole("radio", { name: "Autour d'un lieu" }).check();
    await page.getByLabel("Ville, quartier ou code postal").fill("Atlantide");
    await page.getByRole("button", { name: "Créer l'alerte" }).click();
    await page.waitForLoadState();
    expect(await page.locator("#domains-error").textContent()).toBe("Choisissez au moins un domaine.");
    await checkAccessibility("my alerts (refused)");
    await page.getByRole("checkbox", { name: "Culture et loisirs" }).check();
    await page.getByRole("button", { name: "Créer l'alerte" }).click();
    await page.waitForLoadState();
    expect(await page.locator("#place-error").textContent()).toContain("Ce lieu n'est pas encore connu ici");
    expect(await page.getByLabel("Ville, quartier ou code postal").getAttribute("aria-invalid")).toBe("true");
    // A place the published need named is known (its neighbourhood's rounded centre).
    await page.getByLabel("Ville, quartier ou code postal").fill("croix-rousse");
    await page.getByLabel("Rayon en kilomètres").fill("5");
    await page.getByRole("button", { name: "Créer l'alerte" }).click();
    await page.waitForURL(`${server.url}/me/alerts?created=1`);
    expect(await page.getByRole("status").textContent()).toContain("Alerte créée");
    const row = page.getByRole("row", { name: /Culture et loisirs/ });
    expect(await row.textContent()).toContain("À 5 km autour de croix-rousse");
    await checkAccessibility("my alerts (one)");
    await shoot("alerts");
    await page.getByRole("button", { name: "Supprimer l'alerte Culture et loisirs" }).click();
    await page.waitForURL(`${server.url}/me/alerts?deleted=1`);
    expect(await page.getByText("Vous n'avez aucune alerte.").isVisible()).toBe(true);
    expect([...visited.values()].flat()).toEqual([]);
  }, 120_000);
});
