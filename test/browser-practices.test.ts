// The pages of good-practice sheets in real headless Chromium against a real server:
// the library (/practices, with a word search), a sheet's page, and, signed in as a
// coordinator, the forms that write and edit one and the "try it too" form; axe-core checks
// each at phone (390 px) and desktop (1280 px) widths, and a screenshot of each goes
// to test/output/screenshots/.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { apiClient, root, runCli, type ServerProcess, serverDb, startServer, tempDir } from "./helpers/server.ts";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const available = existsSync(CHROMIUM);
const screenshots = join(root, "test", "output", "screenshots");
const axeSource = readFileSync(join(root, "node_modules", "axe-core", "axe.min.js"), "utf8");

describe.skipIf(!available && !process.env.CI)("good-practice pages in Chromium", () => {
  let server: ServerProcess;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let sheetUrl = "";

  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_RATE_LIMIT: "1000" } });
    expect(runCli(["user", "create", "camille", "--email", "camille@town.test", "--admin"], server.env, "a long password for tests\n").status).toBe(0);
    for (const org of ["asso", "club"]) expect(runCli(["org", "create", org, "--name", org === "asso" ? "Asso des Pentes" : "Club du Plateau", "--coordinator", "camille"], server.env).status).toBe(0);
    const api = apiClient(server, runCli(["token", "create", "camille"], server.env).stdout.trim());
    const ids = [];
    for (const title of ["Visites du mardi", "Visites du jeudi"]) {
      const need = await api("POST", "/missions", {
        organization: "asso",
        title,
        description: "Une visite d'une heure.",
        domains: ["personnes-agees"],
        place: { label: "Vaise" },
        schedule: { kind: "flexible" },
        volunteers_wanted: 2,
        visibility: "public",
      });
      await api("PATCH", `/missions/${need.body.id}`, { status: "done", outcome: { volunteer_hours: 12, people_helped: 8 } });
      ids.push(need.body.id);
    }
    const sheet = await api("POST", "/practices", {
      organization: "asso",
      title: "Un planning de visites en binômes",
      summary: "Deux créneaux par semaine, des binômes.",
      context: "Des personnes **isolées**.",
      actions: "- des binômes\n- un planning partagé",
      motivation: "La convivialité.",
      watch_out: "Les vacances.",
      contact: "visites@asso.test",
      needs: [ids[0]],
    });
    expect(sheet.status).toBe(201);
    sheetUrl = sheet.body.url;
    userDataDir = tempDir("entraide-chromium-");
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: FLAGS, headless: true, viewport: { width: 1280, height: 800 }, locale: "fr-FR" });
    page = context.pages()[0] ?? (await context.newPage());
    mkdirSync(screenshots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  async function check(label: string) {
    await page.evaluate(axeSource);
    const results = (await page.evaluate(async () => {
      const axe = (window as any).axe;
      const r = await axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
    })) as { id: string; impact: string; targets: string[] }[];
    const serious = results.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious, `${label}: ${JSON.stringify(serious)}`).toEqual([]);
  }

  async function atBothWidths(name: string, url: string) {
    for (const [width, height] of [
      [390, 844],
      [1280, 800],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(url);
      await check(`${name} at ${width} px`);
      // Nothing wider than the screen on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(screenshots, `practices-${name}-${width}.png`), fullPage: true });
    }
  }

  it("shows the library and finds the sheet by a word", async () => {
    await atBothWidths("library", `${server.url}/practices`);
    await page.fill("#q", "binomes");
    await page.click("form[action='/practices'] button[type=submit]");
    await page.waitForURL(/q=binomes/);
    expect(await page.textContent("main")).toContain("Un planning de visites en binômes");
  });

  it("shows a sheet with its computed results", async () => {
    await atBothWidths("sheet", sheetUrl);
    expect(await page.textContent("main")).toContain("heures de bénévolat\u00a0: 12");
  });

  it("gives a coordinator the form to write a sheet and the one to try it", async () => {
    const db = serverDb(server);
    try {
      const user = await db.kysely.selectFrom("users").select("id").where("email", "=", "camille@town.test").executeTakeFirstOrThrow();
      const session = await createSession(db.kysely, user.id);
      await context.addCookies([{ name: "entraide_session", value: session.secret, url: server.url }]);
    } finally {
      await db.close();
    }
    await atBothWidths("form", `${server.url}/practices/new`);
    await atBothWidths("sheet-signed-in", sheetUrl);
    await page.selectOption("#try-organization", "club");
    await page.click("form[action$='/try'] button[type=submit]");
    await page.waitForURL(/tried=1/);
    await check("sheet after trying it");
    expect(await page.textContent("main")).toContain("Club du Plateau");
    // Its coordinators edit it through the same form.
    await atBothWidths("edit", `${sheetUrl}/edit`);
    await page.fill("#title", "Un planning de visites en binômes, revu");
    await page.click("form[action$='/edit'] button[type=submit]");
    await page.waitForURL(/saved=1/);
    expect(await page.textContent("h1")).toBe("Un planning de visites en binômes, revu");
  });
});
