// In real headless Chromium, on a 390 px phone, against a real server process: a
// visitor not signed in opens a followers-only need about elderly people and gets its
// teaser; "I can help", the main button, leads to sign in and back to the need, where
// she applies and the page says so; from "my space" she withdraws, and that page says
// so too. axe-core checks each page; nothing is blocked by the pages' policy.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage, type OpenChromium, openChromium, PHONE, skipChromium } from "./helpers/chromium.ts";
import { apiClient, runCli, type ServerProcess, startServer } from "./helpers/server.ts";

const PASSWORD = "a long password for tests";

describe.skipIf(skipChromium)("a citizen of the town in Chromium, on a phone", () => {
  let server: ServerProcess;
  let chrome: OpenChromium;
  let page: Page;
  let needUrl = "";

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
    chrome = await openChromium({ viewport: PHONE });
    page = chrome.page;
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  const check = (label: string) => checkPage(page, label, chrome.blocked);

  it("finds the teaser, signs in from its main button, comes back to the need, applies, then withdraws from my space", async () => {
    await page.goto(needUrl);
    expect(await page.locator("h1").textContent()).toBe("Une mission de Les Amis de Vaise");
    expect(await page.content()).not.toContain("Visite à une voisine");
    await check("teaser");
    const help = page.getByRole("link", { name: "✋ Je peux aider", exact: true });
    expect(await help.isVisible()).toBe(true);
    await help.click();
    await page.waitForURL(/\/login\?next=/);
    await check("login (with next)");
    expect(await page.getByRole("link", { name: "Pas encore de compte ? Créez-en un." }).getAttribute("href")).toBe(
      `/signup?next=${encodeURIComponent(new URL(needUrl).pathname)}`,
    );
    await page.getByLabel("Nom d'utilisateur ou adresse e-mail").fill("lucie");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL(needUrl);
    expect(await page.locator("h1").textContent()).toBe("Visite à une voisine de 90 ans");
    await check("need (signed in)");
    await page.getByRole("button", { name: "✋ Je peux aider" }).click();
    await page.waitForURL(/done=applied/);
    expect(await page.getByRole("status").textContent()).toContain("Votre proposition d'aide a été envoyée");
    await check("need (applied)");
    await page.goto(`${server.url}/me`);
    await page.getByRole("button", { name: "Retirer ma proposition d'aide pour « Visite à une voisine de 90 ans »" }).click();
    await page.waitForURL(/\/me\?done=withdrawn/);
    expect(await page.getByRole("status").textContent()).toContain("Votre proposition d'aide est retirée");
    expect(await page.getByRole("row", { name: /Visite à une voisine/ }).textContent()).toContain("retirée");
    await check("my space (withdrawn)");
  }, 120_000);
});
