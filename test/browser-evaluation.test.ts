// Issue 15 in real headless Chromium against a real server: the evaluation dashboards'
// charts (server-side SVG, each in a figure with its caption, title, description and
// table) and the attestation of volunteering, on a 390 px phone and a 1280 px desktop,
// each checked with axe-core (no serious or critical violation), nothing blocked by the
// pages' policy, no sideways scroll; the attestation printed too. Screenshots go to
// test/output/screenshots/, or to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage, DESKTOP, type OpenChromium, openChromium, PHONE, screenshotsDir, skipChromium } from "./helpers/chromium.ts";
import { apiClient, runCli, type ServerProcess, startServer } from "./helpers/server.ts";

const PASSWORD = "a long password for tests";
const WIDTHS = { phone: PHONE, desktop: DESKTOP } as const;
/** By month; by domain: needs, fill rate, hours, people helped, volunteers who came back, satisfaction, times; answers by rating. */
const CHARTS = 9;

const mission = (title: string, domain: string, wanted: number) => ({
  organization: "asso",
  title,
  description: "Aider.",
  domains: [domain],
  place: { label: "Vaise" },
  schedule: { kind: "flexible" },
  volunteers_wanted: wanted,
  visibility: "public",
  // Not a safeguarding test: its volunteers are accepted without a check (test/safeguarding.test.ts).
  safeguarding: false,
});

describe.skipIf(skipChromium)("the evaluation and the attestation in Chromium", () => {
  let server: ServerProcess;
  let chrome: OpenChromium;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_RATE_LIMIT: "1000", INSTANCE_NAME: "Entraide Vaise" } });
    const names = ["camille", "lea", "marc", "nora", "paul", "sami", "yves"];
    for (const name of names) {
      const made = runCli(["user", "create", name, "--email", `${name}@town.test`, "--name", name[0]!.toUpperCase() + name.slice(1)], server.env, `${PASSWORD}\n`);
      expect(made.status, made.stderr).toBe(0);
    }
    expect(runCli(["org", "create", "asso", "--name", "Les Amis de Vaise", "--coordinator", "camille"], server.env).status).toBe(0);
    const as = Object.fromEntries(names.map((n) => [n, apiClient(server, runCli(["token", "create", n], server.env).stdout.trim())]));
    const coordinator = as.camille!;
    // Visits to elderly people: five volunteers, done; hospital visits: six; homework help: one; a culture need: nobody yet.
    const seeded: [string, string, number, string[], number | null][] = [
      ["Visites aux aînés du quartier", "personnes-agees", 5, ["lea", "marc", "nora", "paul", "sami"], 3],
      ["Accompagner à l'hôpital", "sante", 8, ["lea", "marc", "nora", "paul", "sami", "yves"], 2],
      ["Aide aux devoirs", "education", 2, ["lea"], 2],
      ["Lire au musée", "culture-loisirs", 3, [], null],
    ];
    for (const [title, domain, wanted, volunteers, hours] of seeded) {
      const made = await coordinator("POST", "/missions", mission(title, domain, wanted));
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const id = made.body.id as string;
      const apps: string[] = [];
      for (const v of volunteers) {
        const applied = await as[v]!("POST", `/missions/${id}/applications`, { message: "Je viens" });
        expect(applied.status, JSON.stringify(applied.body)).toBe(201);
        expect((await coordinator("PATCH", `/applications/${applied.body.id}`, { status: "accepted" })).status).toBe(200);
        apps.push(applied.body.id);
      }
      if (hours !== null) expect((await coordinator("POST", `/missions/${id}/outcomes`, { participants: apps, hours_per_volunteer: hours, people_helped: 6 })).status).toBe(201);
    }
    chrome = await openChromium({ viewport: PHONE });
    page = chrome.page;
  }, 240_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  const check = (label: string) => checkPage(page, label, chrome.blocked);

  async function logIn(login: string) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Nom d'utilisateur ou adresse e-mail").fill(login);
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
  }

  /** Each chart: an SVG image named by its title and description, in a figure with its caption and a table of its figures. */
  async function checkCharts(count: number) {
    const figures = page.locator("figure.chart");
    expect(await figures.count()).toBe(count);
    for (let i = 0; i < count; i++) {
      const figure = figures.nth(i);
      const caption = (await figure.locator("figcaption").textContent())?.trim();
      const image = figure.getByRole("img");
      expect(await image.evaluate((svg) => svg.tagName.toLowerCase())).toBe("svg");
      // Its accessible name is its title and description, as the browser computes it.
      const name = await image.evaluate((svg) => {
        const ids = (svg.getAttribute("aria-labelledby") ?? "").split(" ");
        return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
      });
      expect(name.startsWith(caption ?? "-")).toBe(true);
      expect(await figure.locator("svg title").textContent()).toBe(caption);
      expect(await figure.locator("svg desc").count()).toBe(1);
      expect(await figure.locator("table tbody tr").count()).toBeGreaterThan(0);
    }
  }

  it("shows the instance's public evaluation with its charts and their tables", async () => {
    for (const [at, size] of Object.entries(WIDTHS)) {
      await page.setViewportSize(size);
      await page.goto(`${server.url}/evaluation`);
      await expect(page.getByRole("heading", { level: 1 })).toBeTruthy();
      await checkCharts(CHARTS);
      // The small-counts rule, in the chart's own table: education's one volunteer.
      const fill = page.locator("figure.chart:has(#chart-fill-caption)");
      expect(await fill.getByRole("row", { name: /Éducation/ }).textContent()).toContain("< 5");
      expect(await page.locator('td[data-indicator="needsPublished"]').textContent()).toBe("4");
      // Health's bar is drawn; education's "< 5" is a label without a bar.
      expect(await fill.locator("svg rect").count()).toBe(1);
      await check(`/evaluation at ${at}`);
      await page.screenshot({ path: join(screenshotsDir, `evaluation-${at}.png`), fullPage: true });
    }
    const csv = await page.request.get(`${server.url}/evaluation.csv`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
  });

  it("shows the organisation's evaluation to its coordinator", async () => {
    await page.setViewportSize(WIDTHS.desktop);
    await logIn("camille");
    await page.goto(`${server.url}/coordinate`);
    await page.getByRole("link", { name: "Évaluation" }).first().click();
    await page.waitForURL(`${server.url}/coordinate/organizations/asso/evaluation`);
    await checkCharts(CHARTS);
    await check("the organisation's evaluation");
    await page.screenshot({ path: join(screenshotsDir, "evaluation-organization-desktop.png"), fullPage: true });
    // The outcome form of a done need, from its applications: pre-filled, to correct.
    await page.goto(`${server.url}/coordinate`);
    await page.locator("tr", { hasText: "Aide aux devoirs" }).getByRole("link").last().click();
    await page.getByRole("link", { name: "Faire le bilan" }).click();
    expect(await page.getByRole("checkbox", { name: "Lea" }).isChecked()).toBe(true);
    expect(await page.getByLabel("Heures par bénévole").inputValue()).toBe("2");
    await check("the outcome form");
    await page.screenshot({ path: join(screenshotsDir, "outcome-form-desktop.png"), fullPage: true });
    await page.getByRole("button", { name: "Se déconnecter" }).click();
  });

  it("gives a volunteer a printable attestation, verified at its address", async () => {
    await page.setViewportSize(WIDTHS.phone);
    await logIn("lea");
    await page.goto(`${server.url}/me`);
    expect(await page.getByTestId("volunteering-summary").textContent()).toBe("7 h données, 3 missions.");
    await check("/me with the volunteering");
    // The one question, from her notifications: answered once.
    await page.goto(`${server.url}/me/notifications`);
    await page.getByRole("link", { name: /Comment s'est passée la mission « Aide aux devoirs »/ }).click();
    await page.waitForURL(/\/surveys\//);
    await check("the question");
    await page.screenshot({ path: join(screenshotsDir, "survey-phone.png"), fullPage: true });
    await page.getByLabel("5 – très bien").check();
    await page.getByRole("button", { name: "Envoyer" }).click();
    await page.getByText("Merci pour votre réponse").waitFor();
    await page.goto(`${server.url}/me`);
    await page.getByRole("button", { name: "Obtenir une attestation de Les Amis de Vaise" }).click();
    await page.waitForURL(/\/attestations\/[\w-]{22}$/);
    const address = page.url();
    await page.getByRole("button", { name: "Se déconnecter" }).click();
    // Anyone with the link verifies it, signed in or not.
    for (const [at, size] of Object.entries(WIDTHS)) {
      await page.setViewportSize(size);
      await page.goto(address);
      const text = (await page.locator("article.attestation").textContent()) ?? "";
      expect(text).toContain("Les Amis de Vaise atteste que Lea a donné 7 heures de bénévolat");
      expect(text).toContain("Visites aux aînés du quartier");
      expect(text).toContain(address);
      await check(`the attestation at ${at}`);
      await page.screenshot({ path: join(screenshotsDir, `attestation-${at}.png`), fullPage: true });
    }
    // Printed: the attestation alone, without the site's header and footer.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header").isVisible()).toBe(false);
    expect(await page.locator("article.attestation").isVisible()).toBe(true);
    await page.screenshot({ path: join(screenshotsDir, "attestation-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
  });
});
