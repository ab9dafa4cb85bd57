// The need form's "Quand ?" in real headless Chromium (issue 16), at 390 px and
// 1280 px, with JavaScript (the chosen kind's fields show as soon as it is chosen)
// and without (the "Continuer" button asks the server for them); every state is
// checked with axe-core, and the needs saved carry the RRULE the server wrote.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, root, runCli, type ServerProcess, startServer } from "./helpers/server.ts";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const available = existsSync(CHROMIUM);
const axeSource = available ? readFileSync(join(root, "node_modules", "axe-core", "axe.min.js"), "utf8") : "";
const screenshots = process.env.UPDATE_SCREENSHOTS ? join(root, "docs", "screenshots") : join(root, "test", "output", "screenshots");
const PASSWORD = "a long password for tests";
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

describe.skipIf(!available && !process.env.CI)("the schedule form in Chromium", () => {
  let server: ServerProcess;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_RATE_LIMIT: "1000" } });
    expect(runCli(["user", "create", "camille", "--email", "camille@town.test"], server.env, `${PASSWORD}\n`).status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Les Amis de Vaise", "--coordinator", "camille"], server.env).status).toBe(0);
    api = apiClient(server, runCli(["token", "create", "camille"], server.env).stdout.trim());
    // Playwright gives the browser a fresh profile of its own, removed when it closes.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    mkdirSync(screenshots, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /**
   * axe runs in the page: a page without JavaScript is copied, as it is, into one with
   * JavaScript but without the served script, on the same origin (its stylesheet applies).
   */
  async function checkAccessibility(shown: Page, label: string, javaScript = true) {
    let page = shown;
    if (!javaScript) {
      const html = (await shown.content()).replace(/<script[^>]*><\/script>/g, "");
      const context = await browser.newContext({ viewport: shown.viewportSize() ?? undefined, locale: "fr-FR" });
      page = await context.newPage();
      await page.goto(`${server.url}/about`);
      await page.setContent(html, { waitUntil: "load" });
    }
    try {
      await axeCheck(page, label);
    } finally {
      if (page !== shown) await page.context().close();
    }
  }

  async function axeCheck(page: Page, label: string) {
    await page.evaluate(axeSource);
    const serious = (await page.evaluate(async () => {
      const r = await (window as any).axe.run(document, { resultTypes: ["violations"] });
      return r.violations
        .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
        .map((v: { id: string; nodes: { target: string[] }[] }) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(" ")) }));
    })) as unknown[];
    expect(serious, `${label}: ${JSON.stringify(serious)}`).toEqual([]);
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    expect(scroll, `${label} scrolls sideways`).toBeLessThanOrEqual(width);
  }

  /** "Quand ?" and the fields shown under it, as they are seen. */
  async function shootSchedule(page: Page, name: string, javaScript = true) {
    // Boxes are measured from the viewport, a full page's clip from its top.
    const scrolled = javaScript ? await page.evaluate(() => window.scrollY) : 0;
    const when = await page.locator("fieldset", { has: page.locator("legend", { hasText: "Quand ?" }) }).boundingBox();
    const fields = await page.locator('[data-schedule-fields="recurring"]').boundingBox();
    if (!when || !fields) throw new Error("the schedule fields are not on the page");
    const width = page.viewportSize()?.width ?? 1280;
    await page.screenshot({ path: join(screenshots, name), fullPage: true, clip: { x: 0, y: when.y + scrolled - 8, width, height: fields.y + fields.height - when.y + 16 } });
  }

  async function signedInPage(javaScriptEnabled: boolean, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ javaScriptEnabled, viewport, locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Nom d'utilisateur ou adresse e-mail").fill("camille");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
    await page.goto(`${server.url}/coordinate/needs/new`);
    return { context, page };
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
      const { context, page } = await signedInPage(true, viewport);
      try {
        await expect.poll(() => page.getByRole("button", { name: "Continuer" }).isVisible()).toBe(false);
        expect(await page.getByLabel("Début").isVisible()).toBe(true);
        expect(await page.getByRole("checkbox", { name: "mardi" }).isVisible()).toBe(false);
        await checkAccessibility(page, `schedule form, JavaScript, ${at}`);
        await page.getByRole("radio", { name: "Chaque semaine" }).check();
        expect(await page.getByRole("checkbox", { name: "mardi" }).isVisible()).toBe(true);
        expect(await page.getByLabel("Début").isVisible()).toBe(false);
        expect(await page.getByLabel("Premier jour").isVisible()).toBe(false);
        await checkAccessibility(page, `weekly fields, JavaScript, ${at}`);
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
      const { context, page } = await signedInPage(false, viewport);
      try {
        expect(await page.getByRole("button", { name: "Continuer" }).isVisible()).toBe(true);
        expect(await page.getByRole("checkbox", { name: "mardi" }).isVisible()).toBe(false);
        await checkAccessibility(page, `schedule form, no JavaScript, ${at}`, false);
        await fillCommon(page, `Club lecture (${at}, sans JavaScript)`);
        await page.getByRole("radio", { name: "Chaque semaine" }).check();
        // Nothing changes until the server is asked.
        expect(await page.getByRole("checkbox", { name: "mardi" }).isVisible()).toBe(false);
        await page.getByRole("button", { name: "Continuer" }).click();
        await page.waitForLoadState();
        expect(await page.getByRole("checkbox", { name: "mardi" }).isVisible()).toBe(true);
        expect(await page.getByLabel("Début").isVisible()).toBe(false);
        expect(await page.getByLabel("Titre").inputValue()).toBe(`Club lecture (${at}, sans JavaScript)`);
        await checkAccessibility(page, `weekly fields, no JavaScript, ${at}`, false);
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
