// The pages of good-practice sheets in real headless Chromium against a real server:
// the library (/practices, with a word search), a sheet's page, and, signed in as a
// coordinator, the forms that write and edit one and the "try it too" form; each checked
// (axe-core, the policy, no sideways scroll) at phone (390 px) and desktop (1280 px)
// widths, and a screenshot of each goes to test/output/screenshots/ (docs/screenshots/
// with UPDATE_SCREENSHOTS=1).
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { checkPage, DESKTOP, type OpenChromium, openChromium, PHONE, screenshotsDir, skipChromium } from "./helpers/chromium.ts";
import { apiClient, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";

describe.skipIf(skipChromium)("good-practice pages in Chromium", () => {
  let server: ServerProcess;
  let chrome: OpenChromium;
  let context: BrowserContext;
  let page: Page;
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
    chrome = await openChromium({ viewport: DESKTOP });
    ({ context, page } = chrome);
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  const check = (label: string) => checkPage(page, label, chrome.blocked);

  async function atBothWidths(name: string, url: string) {
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      await page.goto(url);
      await check(`${name} at ${viewport.width} px`);
      await page.screenshot({ path: join(screenshotsDir, `practices-${name}-${viewport.width}.png`), fullPage: true });
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
