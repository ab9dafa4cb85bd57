// End to end in real headless Chromium against a real server process: a citizen
// signs up, a coordinator publishes a need through the form (with its Mastodon
// preview), the citizen finds it and offers help, the coordinator accepts, the
// citizen sees it accepted. Every page visited is checked (axe-core, the policy, no
// sideways scroll: test/helpers/chromium.ts); screenshots of the main pages at phone and
// desktop widths go to test/output/screenshots/, or docs/screenshots/ with UPDATE_SCREENSHOTS=1.
// Then: an administrator renames the instance from the settings page; the
// pages reflow at 200 % zoom; a volunteer offers help with the keyboard alone.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage, DESKTOP, type OpenChromium, openChromium, PHONE, screenshotsDir, skipChromium } from "./helpers/chromium.ts";
import { runCli, type ServerProcess, startServer } from "./helpers/server.ts";

const PASSWORD = "a long password for tests";

describe.skipIf(skipChromium)("the web interface in Chromium", () => {
  let server: ServerProcess;
  let chrome: OpenChromium;
  let page: Page;
  /** The pages checked, each passing checkPage. */
  const visited = new Set<string>();
  let needUrl = "";

  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_RATE_LIMIT: "1000", INSTANCE_NAME: "Entraide Exemple" } });
    const coord = runCli(["user", "create", "camille", "--email", "camille@town.test", "--name", "Camille"], server.env, `${PASSWORD}\n`);
    expect(coord.status, coord.stderr).toBe(0);
    const org = runCli(["org", "create", "asso", "--name", "Asso des Pentes", "--coordinator", "camille"], server.env);
    expect(org.status, org.stderr).toBe(0);
    for (const [name, extra] of [["ada", ["--admin"]], ["marc", []]] as const) {
      const created = runCli(["user", "create", name, "--email", `${name}@town.test`, ...extra], server.env, `${PASSWORD}\n`);
      expect(created.status, created.stderr).toBe(0);
    }
    chrome = await openChromium({ viewport: DESKTOP });
    page = chrome.page;
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  /** No serious or critical axe violation on the page as it is now, nothing its policy blocked, no sideways scroll. */
  async function check(label: string) {
    await checkPage(page, label, chrome.blocked);
    visited.add(label);
  }

  async function shoot(name: string) {
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(screenshotsDir, `${name}-phone.png`) });
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: join(screenshotsDir, `${name}-desktop.png`) });
  }

  async function logIn(login: string) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Nom d'utilisateur ou adresse e-mail").fill(login);
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForLoadState();
    // After the administrators changed the terms (below), each account accepts them at its next page.
    if (new URL(page.url()).pathname === "/consent") await acceptTerms();
  }

  async function acceptTerms() {
    await page.getByLabel("J'ai lu et j'accepte les nouvelles conditions").check();
    await page.getByRole("button", { name: "Continuer" }).click();
    await page.waitForLoadState();
  }

  async function logOut() {
    await page.getByRole("button", { name: "Se déconnecter" }).click();
    await page.waitForURL(`${server.url}/`);
  }

  it("takes a need from publication to an accepted volunteer", async () => {
    // A citizen signs up.
    await page.goto(`${server.url}/`);
    await check("home (empty)");
    await page.getByRole("link", { name: "Créer un compte" }).click();
    await check("sign-up");
    await page.getByLabel("Nom d'utilisateur", { exact: true }).fill("lucie");
    await page.getByLabel("Adresse e-mail").fill("lucie@town.test");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("radio", { name: "J'ai 18 ans ou plus" }).check();
    await page.getByLabel("J'accepte les règles").check();
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    // The same answer whether or not the address had an account: a mail says which; then she logs in.
    await page.getByText("Merci. Nous avons envoyé un message à l'adresse indiquée").waitFor();
    await check("sign-up (sent)");
    await logIn("lucie");
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/me`);
    await check("my space (new)");
    await logOut();

    // The coordinator publishes a need through the form, after a preview.
    await logIn("camille");
    await page.getByRole("link", { name: "Coordination" }).click();
    await check("coordination");
    await page.getByRole("link", { name: "Publier une mission" }).click();
    await page.getByLabel("Titre").fill("Visite de convivialité aux Pentes");
    await page.getByLabel("Description", { exact: true }).fill("Passer une heure avec une **voisine** qui aime parler de jardins.");
    await page.getByRole("checkbox", { name: "Culture et loisirs" }).check();
    await page.getByLabel("Lieu public").fill("Croix-Rousse");
    await page.getByLabel("Adresse exacte").fill("12 rue Secrète");
    await page.getByLabel("Latitude").fill("45.7745");
    await page.getByLabel("Longitude").fill("4.8321");
    await page.getByLabel("Début").fill("2026-12-15T14:00");
    await page.getByLabel("Fin (facultatif)").fill("2026-12-15T16:00");
    await page.getByLabel("Nombre de bénévoles").fill("2");
    await page.getByLabel("Qui la verra ?").selectOption("public");
    await page.getByLabel("Personne aidée").fill("Mme Confidentielle");
    await page.getByLabel("Jour de son accord (ou de son représentant)").fill("2026-11-30");
    await page.getByRole("button", { name: "Aperçu" }).click();
    const preview = page.locator("#preview");
    await expect.poll(() => preview.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await preview.textContent()).toContain("Visite de convivialité aux Pentes");
    expect(await preview.textContent()).toContain("mardi 15 décembre 2026, 14:00–16:00");
    expect(await preview.textContent()).not.toContain("Confidentielle");
    await check("need form with preview");
    await shoot("need-form");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.waitForURL(/\/needs\/[^/]+$/);
    needUrl = page.url();
    expect(await page.locator("h1").textContent()).toBe("Visite de convivialité aux Pentes");
    await logOut();

    // The citizen finds it by searching and offers help.
    await logIn("lucie");
    await page.goto(`${server.url}/`);
    await check("home");
    await shoot("home");
    await page.getByRole("link", { name: "Chercher" }).first().click();
    await page.getByLabel("Mots-clés").fill("convivialité");
    await page.getByRole("button", { name: "Chercher" }).click();
    await check("search results");
    await shoot("search");
    await page.getByRole("link", { name: "Visite de convivialité aux Pentes" }).click();
    expect(page.url()).toBe(needUrl);
    await check("need");
    expect(await page.content()).not.toContain("12 rue Secrète");
    await page.getByLabel("Un mot pour l'association").fill("Disponible le mardi");
    await page.getByRole("button", { name: "✋ Je peux aider" }).click();
    await page.waitForURL(/done=applied/);
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 20_000 }).toContain("Merci");
    await page.goto(needUrl);
    await shoot("need");
    await logOut();

    // The coordinator accepts in the applications inbox.
    await logIn("camille");
    await page.goto(`${server.url}/coordinate`);
    await page.getByRole("link", { name: /1 proposition/ }).click();
    await check("applications inbox");
    await shoot("inbox");
    await page.getByRole("button", { name: "Accepter" }).click();
    await page.waitForLoadState();
    expect(await page.locator(".status-accepted").textContent()).toBe("acceptée");
    await logOut();

    // The citizen sees it accepted in "my applications".
    await logIn("lucie");
    await page.goto(`${server.url}/me`);
    await check("my applications");
    const row = page.getByRole("row", { name: /Visite de convivialité/ });
    expect(await row.textContent()).toContain("acceptée");
    // Accepted, she now has the exact address, in /me and on the need's page (issue 13).
    expect(await page.getByRole("region", { name: "Pour vous, bénévole accepté·e" }).textContent()).toContain("12 rue Secrète");
    await shoot("me");
    await page.goto(needUrl);
    expect(await page.getByRole("region", { name: "Pour vous, bénévole accepté·e" }).textContent()).toContain("12 rue Secrète");
    await check("need, for its accepted volunteer");
    await page.goto(`${server.url}/me`);

    // And in English, from the language switch.
    await page.getByRole("link", { name: "English" }).click();
    await page.waitForLoadState();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.getByRole("row", { name: /Visite de convivialité/ }).textContent()).toContain("accepted");
    await check("my applications (English)");

    for (const path of ["/about", "/open-data", "/offers", "/search?domain=culture-loisirs", "/@asso", "/signup", "/password-reset", "/me/notifications"]) {
      await page.goto(`${server.url}${path}`);
      await check(path);
      if (path === "/open-data") await shoot("open-data");
    }
    // Back to French, for the tests that follow.
    await page.getByRole("link", { name: "Français" }).click();
    await page.waitForLoadState();
    await logOut();
  }, 180_000);

  it("makes, lists and deletes an alert with the form alone, errors named in the page's language", async () => {
    await logIn("lucie");
    await page.goto(`${server.url}/lang/fr?back=/me`);
    await page.getByRole("link", { name: "Mes alertes" }).click();
    await page.waitForURL(`${server.url}/me/alerts`);
    await check("my alerts");
    // No domain, and a place no need names: both refused, each by its field.
    await page.getByRole("radio", { name: "Autour d'un lieu" }).check();
    await page.getByLabel("Ville, quartier ou code postal").fill("Atlantide");
    await page.getByRole("button", { name: "Créer l'alerte" }).click();
    await page.waitForLoadState();
    expect(await page.locator("#domains-error").textContent()).toBe("Choisissez au moins un domaine.");
    await check("my alerts (refused)");
    await page.getByRole("checkbox", { name: "Culture et loisirs" }).check();
    await page.getByRole("button", { name: "Créer l'alerte" }).click();
    await page.waitForLoadState();
    expect(await page.locator("#place-error").textContent()).toContain("Nous ne trouvons pas ce lieu : donnez le nom d'une commune ou son code postal");
    expect(await page.getByLabel("Ville, quartier ou code postal").getAttribute("aria-invalid")).toBe("true");
    // A place the published need named is known (its neighbourhood's rounded centre).
    await page.getByLabel("Ville, quartier ou code postal").fill("croix-rousse");
    await page.getByLabel("Rayon en kilomètres").fill("5");
    await page.getByRole("button", { name: "Créer l'alerte" }).click();
    await page.waitForURL(`${server.url}/me/alerts?created=1`);
    expect(await page.getByRole("status").textContent()).toContain("Alerte créée");
    const row = page.getByRole("row", { name: /Culture et loisirs/ });
    expect(await row.textContent()).toContain("À 5 km autour de croix-rousse");
    await check("my alerts (one)");
    await shoot("alerts");
    await page.getByRole("button", { name: "Supprimer l'alerte Culture et loisirs" }).click();
    await page.waitForURL(`${server.url}/me/alerts?deleted=1`);
    expect(await page.getByText("Vous n'avez aucune alerte.").isVisible()).toBe(true);
    await logOut();
  }, 120_000);

  it("lets an administrator rename the instance from the settings page", async () => {
    await logIn("ada");
    await page.getByRole("link", { name: "Administration" }).click();
    await page.getByRole("link", { name: "Réglages du serveur" }).click();
    await page.waitForURL(`${server.url}/admin/settings`);
    expect(await page.getByLabel("Nom du serveur").inputValue()).toBe("Entraide Exemple");
    await check("instance settings");
    await shoot("settings");
    await page.getByLabel("Nom du serveur").fill("Entraide des Pentes");
    await page.getByLabel("Adresse e-mail de contact").fill("pas-une-adresse");
    await page.getByRole("button", { name: "Enregistrer les réglages" }).click();
    await page.locator("#contactEmail-error").waitFor().catch(async (error) => {
      throw new Error(`${error}\n${page.url()}\n${(await page.content()).replace(/<style>[\s\S]*<\/style>/, "")}`);
    });
    expect(await page.locator("#contactEmail-error").textContent()).toBe("« pas-une-adresse » n'est pas une adresse e-mail.");
    await check("instance settings (refused)");
    await page.getByLabel("Adresse e-mail de contact").fill("mairie@town.test");
    await page.getByLabel("Règles", { exact: true }).fill("1. **Bienveillance** avant tout.");
    await page.getByRole("button", { name: "Enregistrer les réglages" }).click();
    // New rules are new terms: the administrator, as everyone, reads and accepts them first.
    await page.waitForURL(/\/consent\?next=/);
    expect(await page.getByRole("link", { name: "Les règles de l'instance" }).getAttribute("href")).toBe("/about#rules");
    await check("new terms to accept");
    await acceptTerms();
    await page.waitForURL(/saved=1/);
    expect(await page.getByRole("status").textContent()).toBe("Réglages enregistrés.");
    await page.getByRole("link", { name: "À propos" }).click();
    expect(await page.title()).toBe("À propos · Entraide des Pentes");
    expect(await page.locator("#rules + div strong").textContent()).toBe("Bienveillance");
    expect(await page.getByRole("link", { name: "mairie@town.test" }).getAttribute("href")).toBe("mailto:mairie@town.test");
    await check("about (edited)");
    // What the instance holds about her, and the form to delete her account.
    await page.getByRole("link", { name: "Mon espace" }).click();
    await page.getByRole("link", { name: "Mes données : les voir, les télécharger, supprimer mon compte" }).click();
    await page.waitForURL(`${server.url}/me/data`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Mes données");
    await check("my data");
    await shoot("my-data");
    // The record of processing activities, for the data protection officer.
    await page.goto(`${server.url}/admin/privacy`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Registre des traitements");
    await check("record of processing");
    await logOut();
  }, 120_000);

  it("reflows at 200 % zoom: no sideways scrolling, the main button in view", async () => {
    // 1280 × 800 at 200 % is a 640 × 400 CSS-pixel viewport; each CSS pixel two device pixels.
    const zoomed = await openChromium({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    const tab = zoomed.page;
    try {
      for (const path of ["/", "/search?q=convivialit%C3%A9", new URL(needUrl).pathname, "/@asso", "/about", "/open-data", "/signup", "/login", "/offers"]) {
        await tab.goto(`${server.url}${path}`);
        await checkPage(tab, `${path} at 200 %`, zoomed.blocked);
      }
      // The need's main action, a link when signed out: in the page's width, and reachable.
      await tab.goto(needUrl);
      const apply = tab.getByRole("link", { name: "✋ Je peux aider", exact: true });
      await apply.scrollIntoViewIfNeeded();
      const box = await apply.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(640);
      expect(await apply.isVisible()).toBe(true);
      await tab.goto(`${server.url}/search`);
      const search = tab.getByRole("button", { name: "Chercher" }).last();
      await search.scrollIntoViewIfNeeded();
      const searchBox = await search.boundingBox();
      expect(searchBox!.x + searchBox!.width).toBeLessThanOrEqual(640);
      await tab.screenshot({ path: join(screenshotsDir, "search-zoom200.png"), fullPage: true });
      expect(zoomed.blocked).toEqual([]);
    } finally {
      await zoomed.close();
    }
  }, 120_000);

  it("lets a volunteer search and offer help with the keyboard alone, the focus always visible", async () => {
    await logIn("marc");
    /** Presses Tab until `matches` holds for the focused element; its outline as it is then. */
    async function tabTo(description: string, matches: (el: Element) => boolean, max = 40) {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press("Tab");
        const found = await page.evaluate(
          (test) => {
            const el = document.activeElement;
            if (!el || !new Function("el", `return (${test})(el)`)(el)) return null;
            const style = getComputedStyle(el);
            return { outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth, outlineColor: style.outlineColor };
          },
          matches.toString(),
        );
        if (found) return found;
      }
      throw new Error(`${description}: not reached in ${max} presses of Tab`);
    }
    const visible = { outlineStyle: "solid", outlineWidth: "3px", outlineColor: "rgb(179, 71, 0)" };

    await page.goto(`${server.url}/`);
    // The first Tab reaches the skip link, which then shows.
    expect(await tabTo("skip link", (el) => el.classList.contains("skip"), 1)).toEqual(visible);
    expect(await page.locator(".skip").boundingBox()).toMatchObject({ x: expect.any(Number) });
    expect((await page.locator(".skip").boundingBox())!.x).toBeGreaterThanOrEqual(0);
    expect(await tabTo("search link", (el) => el.getAttribute("href") === "/search")).toEqual(visible);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/search`);
    expect(await tabTo("search field", (el) => el.id === "q")).toEqual(visible);
    await page.keyboard.type("convivialité");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=convivialit/);
    expect(await tabTo("the need's link", (el) => (el.textContent ?? "").includes("Visite de convivialité"))).toEqual(visible);
    await page.keyboard.press("Enter");
    await page.waitForURL(needUrl);
    expect(await tabTo("message", (el) => el.id === "message")).toEqual(visible);
    await page.keyboard.type("Je viens avec plaisir");
    const button = await tabTo("I can help", (el) => el.tagName === "BUTTON" && (el.textContent ?? "").includes("Je peux aider"));
    expect(button).toEqual(visible);
    await page.keyboard.press("Enter");
    await page.waitForURL(/done=applied/);
    const status = await page.locator("main [role=status]").textContent().catch(async (error) => {
      throw new Error(`${error}\n${page.url()}\n${(await page.content()).replace(/<style>[\s\S]*<\/style>/, "")}`);
    });
    expect(status).toContain("Merci");
    await logOut();
  }, 120_000);

  it("loads every page visited under its Content-Security-Policy with nothing blocked, the stylesheet applied", async () => {
    const res = await page.goto(`${server.url}/search`);
    expect(res?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res?.headers()["content-security-policy"]).toContain("style-src 'self'");
    // The stylesheet came from its own address: the page is laid out by it.
    expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe("832px");
    expect(visited.size).toBeGreaterThan(5);
    expect(chrome.blocked).toEqual([]);
  });
});
