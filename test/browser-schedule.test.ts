// The need form's "Quand ?" in real headless Chromium (issue 16), at 390 px and
// 1280 px, with JavaScript (the chosen kind's fields show as soon as it is chosen)
// and without (the "Continuer" button asks the server for them); every state is
// checked (axe-core, the policy, no sideways scroll), and the needs saved carry the
// RRULE the server wrote.
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage, DESKTOP, launchChromium, PHONE, screenshotsDir, skipChromium, watchPolicy } from "./helpers/chromium.ts";
import { apiClient, runCli, type ServerProcess, startServer } from "./helpers/server.ts";

const PASSWORD = "a long password for tests";
const WIDTHS = { phone: PHONE, desktop: DESKTOP } as const;

describe.skipIf(skipChromium)("the schedule form in Chromium", () => {
  let server: ServerProcess;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_RATE_LIMIT: "1000" } });
    expect(runCli(["user", "create", "camille", "--email", "camille@town.test"], server.env, `${PASSWORD}\n`).status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Les Amis de Vaise", "--coordinator", "camille"], server.env).status).toBe(0);
    api = apiClient(server, runCli(["token", "create", "camille"], server.env).stdout.trim());
    // Contexts of its own for each test, some without JavaScript.
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /**
   * axe runs in the page: a page without JavaScript is copied, as it is, into one with
   * JavaScript but without the served script, on the same origin (its stylesheet and its
   * policy apply); what the policy blocked in either page counts.
   */
  async function check(shown: Page, label: string, blocked: string[], javaScript = true) {
    if (javaScript) return checkPage(shown, label, blocked);
    const html = (await shown.content()).replace(/<script[^>]*><\/script>/g, "");
    const context = await browser.newContext({ viewport: shown.viewportSize() ?? undefined, locale: "fr-FR" });
    try {
      const copyBlocked = await watchPolicy(context);
      const copy = await context.newPage();
      await copy.goto(`${server.url}/about`);
      await copy.setContent(html, { waitUntil: "load" });
      await checkPage(copy, label, [...blocked, ...copyBlocked]);
    } finally {
      await context.close();
    }
  }

  /** "Quand ?" and the fields shown under it, as they are seen. */
  async function shootSchedule(page: Page, name: string, javaScript = true) {
    // Boxes are measured from the viewport, a full page's clip from its top.
    const scrolled = javaScript ? await page.evaluate(() => window.scrollY) : 0;
    const when = await page.locator("fieldset", { has: page.locator("legend", { hasText: "Quand ?" }) }).boundingBox();
    const fields = await page.locator('[data-schedule-fields="recurring"]').boundingBox();
    if (!when || !fields) throw new Error("the schedule fields are not on the page");
    const width = page.viewportSize()?.width ?? 1280;
    await page.screenshot({ path: join(screenshotsDir, name), fullPage: true, clip: { x: 0, y: when.y + scrolled - 8, width, height: fields.y + fields.height - when.y + 16 } });
  }

  async function signedInPage(javaScriptEnabled: boolean, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ javaScriptEnabled, viewport, locale: "fr-FR" });
    const blocked = await watchPolicy(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Nom d'utilisateur ou adresse e-mail").fill("camille");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
    await page.goto(`${server.url}/coordinate/needs/new`);
    return { context, page, blocked };
  }

  async function fillCommon(page: Page, title: string) {
    await page.getByLabel("Titre").fill(title);
    await page.getByRole("checkbox", { name: "Culture et loisirs" }).check();
    await page.getByLabel("Lieu public").fill("Villeurbanne");
  }

  async function fillWeekly(page: Page) {
    await page.getByRole("checkbox", { name: "mardi" }).check();
    await page.getByRole("checkbox", { name: "jeudi" }).check();
    await page.getByLabel("À quelle heure ?").fill("18:00");
    await page.getByLabel("Durée d'un créneau (minutes)").fill("90");
    await page.getByLabel("À partir du").fill("2027-01-04");
    await page.getByLabel("Jusqu'au (facultatif)").fill("2027-06-30");
  }

  async function savedSchedule(page: Page) {
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.waitForURL(/\/needs\/[^/?]+$/);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    return (await api("GET", `/missions/${id}`)).body.schedule;
  }

  for (const [at, viewport] of Object.entries(WIDTHS)) {
    it(`with JavaScript at ${viewport.width} px, shows the chosen kind's fields as soon as it is chosen`, async () => {
      const { context, page, blocked } = await signedInPage(true, viewport);
      try {
        await expect.poll(() => page.getByRole("button", { name: "Continuer" }).isVisible()).toBe(false);
        expect(await page.getByLabel("Début").isVisible()).toBe(true);
        expect(await page.getByRole("checkbox", { name: "mardi" }).isVisible()).toBe(false);
        await check(page, `schedule form, JavaScript, ${at}`, blocked);
        await page.getByRole("radio", { name: "Chaque semaine" }).check();
        expect(await page.getByRole("checkbox", { name: "mardi" }).isVisible()).toBe(true);
        expect(await page.getByLabel("Début").isVisible()).toBe(false);
        expect(await page.getByLabel("Premier jour").isVisible()).toBe(false);
        await check(page, `weekly fields, JavaScript, ${at}`, blocked);
        await shootSchedule(page, `schedule-weekly-${at}.png`);
        await page.getByRole("radio", { name: "Sur une période" }).check();
        expect(await page.getByLabel("Premier jour").isVisible()).toBe(true);
        expect(await page.getByRole("checkbox", { name: "mardi" }).isVisible()).toBe(false);
        await page.getByRole("radio", { name: "Chaque semaine" }).check();
        await fillCommon(page, `Club lecture (${at}, JavaScript)`);
        // The place field suggests communes as one types (GET /api/v1/places, through the served script).
        await expect.poll(() => page.locator("#communes option").first().getAttribute("value"), { timeout: 10_000 }).toBe("Villeurbanne (69100)");
        await fillWeekly(page);
        const schedule = await savedSchedule(page);
        expect(schedule).toMatchObject({ kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630T235959Z", duration_minutes: 90 });
        expect(new Date(schedule.start).toISOString()).toBe("2027-01-05T17:00:00.000Z");
      } finally {
        await context.close();
      }
    }, 120_000);

    it(`without JavaScript at ${viewport.width} px, "Continuer" shows the chosen kind's fields`, async () => {
      const { context, page, blocked } = await signedInPage(false, viewport);
      try {
        expect(await page.getByRole("button", { name: "Continuer" }).isVisible()).toBe(true);
        expect(await page.getByRole("checkbox", { name: "mardi" }).isVisible()).toBe(false);
        await check(page, `schedule form, no JavaScript, ${at}`, blocked, false);
        await fillCommon(page, `Club lecture (${at}, sans JavaScript)`);
        await page.getByRole("radio", { name: "Chaque semaine" }).check();
        // Nothing changes until the server is asked.
        expect(await page.getByRole("checkbox", { name: "mardi" }).isVisible()).toBe(false);
        await page.getByRole("button", { name: "Continuer" }).click();
        await page.waitForLoadState();
        expect(await page.getByRole("checkbox", { name: "mardi" }).isVisible()).toBe(true);
        expect(await page.getByLabel("Début").isVisible()).toBe(false);
        expect(await page.getByLabel("Titre").inputValue()).toBe(`Club lecture (${at}, sans JavaScript)`);
        await check(page, `weekly fields, no JavaScript, ${at}`, blocked, false);
        await shootSchedule(page, `schedule-weekly-nojs-${at}.png`, false);
        await fillWeekly(page);
        const schedule = await savedSchedule(page);
        expect(schedule).toMatchObject({ kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630T235959Z", duration_minutes: 90 });
      } finally {
        await context.close();
      }
    }, 120_000);
  }
});
