// In real headless Chromium, on a 390 px phone, against a real server process: a
// visitor not signed in opens a followers-only need about elderly people and gets its
// teaser; "I can help", the main button, leads to sign in and back to the need, where
// she applies and the page says so; from "my space" she withdraws, and that page says
// so too. axe-core checks each page; nothing is blocked by the pages' policy.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, root, runCli, type ServerProcess, startServer, tempDir } from "./helpers/server.ts";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const available = existsSync(CHROMIUM);
const axeSource = readFileSync(join(root, "node_modules", "axe-core", "axe.min.js"), "utf8");
const PASSWORD = "a long password for tests";

describe.skipIf(!available && !process.env.CI)("a citizen of the town in Chromium, on a phone", () => {
  let server: ServerProcess;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let needUrl = "";
  const blocked: string[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_RATE_LIMIT: "1000", INSTANCE_NAME: "Entraide Vaise" } });
    for (const name of ["camille", "lucie"]) {
      const made = runCli(["user", "create", name, "--email", `${name}@town.test`], server.env, `${PASSWORD}\n`);
      expect(made.status, made.stderr).toBe(0);
    }
    expect(runCli(["org", "create", "asso", "--name", "Les Amis de Vaise", "--coordinator", "camille"], server.env).status).toBe(0);
    const coordinator = apiClient(server, runCli(["token", "create", "camille"], server.env).stdout.trim());
    // About elderly people: followers-only by default.
    const created = await coordinator("POST", "/missions", {
      organization: "asso",
      title: "Visite à une voisine de 90 ans",
      description: "Une heure de conversation, le mardi.",
      domains: ["personnes-agees"],
      place: { label: "Vaise" },
      schedule: { kind: "date", start: "2027-01-12T14:00:00+01:00" },
      volunteers_wanted: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body.visibility).toBe("followers");
    needUrl = `${server.url}/needs/${created.body.id}`;
    userDataDir = tempDir("entraide-chromium-");
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: FLAGS,
      headless: true,
      viewport: { width: 390, height: 844 },
      locale: "fr-FR",
    });
    context.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy|CSP violation/i.test(message.text())) blocked.push(message.text());
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  async function checkAccessibility(label: string) {
    expect(blocked, label).toEqual([]);
    await page.evaluate(axeSource);
    const serious = (await page.evaluate(async () => {
      const r = await (window as any).axe.run(document, { resultTypes: ["violations"] });
      return r.violations.filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical").map((v: { id: string }) => v.id);
    })) as string[];
    expect(serious, label).toEqual([]);
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    expect(scroll, `${label} scrolls sideways at 390 px`).toBeLessThanOrEqual(width);
  }

  it("finds the teaser, signs in from its main button, comes back to the need, applies, then withdraws from my space", async () => {
    await page.goto(needUrl);
    expect(await page.locator("h1").textContent()).toBe("Une mission de Les Amis de Vaise");
    expect(await page.content()).not.toContain("Visite à une voisine");
    await checkAccessibility("teaser");
    const help = page.getByRole("link", { name: "✋ Je peux aider", exact: true });
    expect(await help.isVisible()).toBe(true);
    await help.click();
    await page.waitForURL(/\/login\?next=/);
    await checkAccessibility("login (with next)");
    expect(await page.getByRole("link", { name: "Pas encore de compte ? Créez-en un." }).getAttribute("href")).toBe(
      `/signup?next=${encodeURIComponent(new URL(needUrl).pathname)}`,
    );
    await page.getByLabel("Nom d'utilisateur ou adresse e-mail").fill("lucie");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL(needUrl);
    expect(await page.locator("h1").textContent()).toBe("Visite à une voisine de 90 ans");
    await checkAccessibility("need (signed in)");
    await page.getByRole("button", { name: "✋ Je peux aider" }).click();
    await page.waitForURL(/done=applied/);
    expect(await page.getByRole("status").textContent()).toContain("Votre proposition d'aide a été envoyée");
    await checkAccessibility("need (applied)");
    await page.goto(`${server.url}/me`);
    await page.getByRole("button", { name: "Retirer ma proposition d'aide pour « Visite à une voisine de 90 ans »" }).click();
    await page.waitForURL(/\/me\?done=withdrawn/);
    expect(await page.getByRole("status").textContent()).toContain("Votre proposition d'aide est retirée");
    expect(await page.getByRole("row", { name: /Visite à une voisine/ }).textContent()).toContain("retirée");
    await checkAccessibility("my space (withdrawn)");
  }, 120_000);
});
