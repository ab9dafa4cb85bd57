// Issue 16 in real headless Chromium against a real server process: the calendar (a month
// and a week) and the search page with its map, at 390 px and 1280 px, each checked with
// axe-core (no serious or critical violation), nothing blocked by the pages' policy, no
// sideways scrolling on a phone. The map's tiles come from a stand-in on loopback
// (MAP_TILES_URL), serving one small PNG for every tile, so the map renders offline.
// Screenshots go to test/output/screenshots/, or to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage, DESKTOP, type OpenChromium, openChromium, PHONE, screenshotsDir, skipChromium } from "./helpers/chromium.ts";
import { apiClient, runCli, type ServerProcess, startServer } from "./helpers/server.ts";

const PASSWORD = "a long password for tests";

/** A 1×1 PNG of a pale green, as a tile server would send a tile of parkland. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from([0, 0xdf, 0xe8, 0xd5]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe.skipIf(skipChromium)("the calendar and the map in Chromium", () => {
  let server: ServerProcess;
  let tiles: Server;
  let tilesServed = 0;
  let chrome: OpenChromium;
  let context: BrowserContext;
  let page: Page;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const png = tinyPng();
    tiles = createServer((_req, res) => {
      tilesServed++;
      res.writeHead(200, { "Content-Type": "image/png", "Content-Length": png.length });
      res.end(png);
    });
    await new Promise<void>((resolve) => tiles.listen(0, "127.0.0.1", resolve));
    const tilePort = (tiles.address() as AddressInfo).port;
    server = await startServer({ env: { LOGIN_RATE_LIMIT: "1000", INSTANCE_NAME: "Entraide Villeurbanne", MAP_TILES_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png` } });
    expect(runCli(["user", "create", "camille", "--email", "camille@town.test"], server.env, `${PASSWORD}\n`).status).toBe(0);
    expect(runCli(["user", "create", "lucie", "--email", "lucie@town.test"], server.env, `${PASSWORD}\n`).status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Les Amis du Tonkin", "--coordinator", "camille"], server.env).status).toBe(0);
    const api = apiClient(server, runCli(["token", "create", "camille"], server.env).stdout.trim());
    const need = async (title: string, schedule: unknown, place: Record<string, unknown>, domains = ["culture-loisirs"]) => {
      const made = await api("POST", "/missions", { organization: "asso", title, description: "Une mission.", domains, place, schedule, volunteers_wanted: 2, visibility: "public", status: "open" });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      ids[title] = made.body.id;
    };
    const tonkin = { label: "Le Tonkin, Villeurbanne", latitude: 45.7743, longitude: 4.8646, radius_km: 1 };
    await need("Atelier lecture à voix haute", { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU,TH", start: "2027-01-05T14:00:00+01:00", duration_minutes: 90 }, tonkin);
    await need("Sortie au musée des Confluences", { kind: "date", start: "2027-01-13T09:30:00+01:00", end: "2027-01-13T12:00:00+01:00" }, { label: "Confluence, Lyon", latitude: 45.7326, longitude: 4.8183 });
    await need("Collecte de la banque alimentaire", { kind: "range", start: "2027-01-08", end: "2027-01-10" }, { label: "Gratte-Ciel, Villeurbanne", latitude: 45.7693, longitude: 4.8822 }, ["solidarite-insertion"]);
    await need("Aide aux devoirs", { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=WE", start: "2027-01-06T17:00:00+01:00", duration_minutes: 60 }, { label: "Cusset, Villeurbanne", latitude: 45.7653, longitude: 4.9003 }, ["education"]);
    await need("Jardinage partagé", { kind: "date", start: "2027-01-16T10:00:00+01:00" }, { label: "Charpennes, Villeurbanne", latitude: 45.7702, longitude: 4.8631 });
    await need("Relecture de courriers", { kind: "date", start: "2027-01-14T18:00:00+01:00" }, { label: "Partout", mode: "remote" });
    chrome = await openChromium({ viewport: DESKTOP });
    ({ context, page } = chrome);
  }, 180_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
    await new Promise((resolve) => tiles?.close(resolve));
  });

  const check = (label: string) => checkPage(page, label, chrome.blocked);

  async function atBothWidths(path: string, name: string, expectations: (phone: boolean) => Promise<void>) {
    for (const [size, viewport] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
      await page.setViewportSize(viewport);
      await page.goto(`${server.url}${path}`);
      await expectations(size === "phone");
      await check(`${name} at ${viewport.width} px`);
      await page.screenshot({ path: join(screenshotsDir, `${name}-${size}.png`), fullPage: true });
    }
  }

  it("shows January 2027 as a table of weeks on a desktop and as a list by day on a phone", async () => {
    await atBothWidths("/calendar?view=month&date=2027-01-01", "calendar-month", async (phone) => {
      await expect(page.getByRole("heading", { level: 2, name: "janvier 2027" }).isVisible()).resolves.toBe(true);
      const table = page.getByRole("table", { name: "janvier 2027" });
      const list = page.locator(".calendar-list");
      expect(await table.isVisible()).toBe(!phone);
      expect(await list.isVisible()).toBe(phone);
      const where = phone ? list : table;
      // Tuesdays and Thursdays of January 2027 from the 5th: eight sessions of the reading workshop.
      expect(await where.getByRole("link", { name: /Atelier lecture à voix haute/ }).count()).toBe(8);
      if (!phone) expect(await table.getByRole("columnheader").allTextContents()).toEqual(["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]);
    });
    // Each slot leads to its need.
    await page.locator(".calendar-grid").getByRole("link", { name: /Sortie au musée/ }).click();
    await page.waitForURL(/\/needs\//);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Sortie au musée des Confluences");
  });

  it("shows a week and goes to the next one by a plain link", async () => {
    await atBothWidths("/calendar?view=week&date=2027-01-11", "calendar-week", async () => {
      await expect(page.getByRole("heading", { level: 2, name: "Semaine du 11 janvier 2027" }).isVisible()).resolves.toBe(true);
    });
    await page.getByRole("link", { name: "Semaine suivante" }).click();
    await page.waitForURL(/date=2027-01-18/);
    await expect(page.getByRole("heading", { level: 2, name: "Semaine du 18 janvier 2027" }).isVisible()).resolves.toBe(true);
  });

  it("shows the search results on a map with tiles from MAP_TILES_URL, grouped when dense, each pin opening a link to its need", async () => {
    await atBothWidths("/search?q=", "search-map", async () => {
      const map = page.locator("#needs-map");
      await map.waitFor({ state: "visible" });
      await page.locator(".leaflet-tile-loaded").first().waitFor();
      await expect(page.locator("#map-note").textContent()).resolves.toContain("Au clavier");
      // Five needs on the spot (the remote one has no point), some grouped.
      const pins = await page.locator(".map-pin").count();
      const clusters = await page.locator(".marker-cluster").allTextContents();
      expect(pins + clusters.reduce((sum, n) => sum + Number(n), 0)).toBe(5);
      // The list is there too, with every result.
      expect(await page.locator(".cards li").count()).toBe(6);
    });
    expect(tilesServed).toBeGreaterThan(0);
    // By keyboard: the map takes the focus, the arrows pan it and + zooms in.
    const map = page.locator("#needs-map");
    await map.focus();
    const before = await page.evaluate(() => document.querySelector(".leaflet-map-pane")?.getAttribute("style") ?? "");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("+");
    await page.waitForTimeout(600);
    expect(await page.evaluate(() => document.querySelector(".leaflet-map-pane")?.getAttribute("style") ?? "")).not.toBe(before);
    // A single pin's popup links to its need.
    await page.keyboard.press("Escape");
    await page.goto(`${server.url}/search?q=musée`);
    await page.locator(".map-pin").first().click();
    await expect(page.getByRole("button", { name: "Fermer" }).count()).resolves.toBe(1);
    await page.locator(".leaflet-popup-content a").click();
    await page.waitForURL(/\/needs\//);
  });

  async function logIn(login: string) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Nom d'utilisateur ou adresse e-mail").fill(login);
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
  }

  it("lets a citizen tick the dates she comes on a phone, and shows her coordinator who comes on which date", async () => {
    await context.clearCookies();
    await page.setViewportSize(PHONE);
    await logIn("lucie");
    await page.goto(`${server.url}/needs/${ids["Atelier lecture à voix haute"]}`);
    const dates = page.getByRole("group", { name: "Les dates où vous venez" });
    await dates.getByRole("checkbox", { name: /mardi 12 janvier 2027/ }).check();
    await dates.getByRole("checkbox", { name: /jeudi 14 janvier 2027/ }).check();
    await check("the apply form with dates at 390 px");
    await page.screenshot({ path: join(screenshotsDir, "apply-occurrences-phone.png"), fullPage: true });
    await page.getByRole("button", { name: /Je peux aider/ }).click();
    await page.waitForURL(/done=applied/);
    await context.clearCookies();
    await page.setViewportSize(DESKTOP);
    await logIn("camille");
    await page.goto(`${server.url}/coordinate/needs/${ids["Atelier lecture à voix haute"]}/applications`);
    const roster = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Séance" }) });
    const row = (name: RegExp) => roster.getByRole("row").filter({ has: page.getByRole("rowheader", { name }) });
    await expect(row(/mardi 12 janvier 2027/).getByRole("cell").allTextContents()).resolves.toEqual(["Personne", "lucie (@lucie)"]);
    await expect(row(/mardi 5 janvier 2027/).getByRole("cell").allTextContents()).resolves.toEqual(["Personne", "Personne"]);
    await check("the coordinators' roster at 1280 px");
    await page.screenshot({ path: join(screenshotsDir, "occurrence-roster-desktop.png"), fullPage: true });
    await context.clearCookies();
  });

  it("keeps the list and says so when the tiles fail", async () => {
    await page.route(/127\.0\.0\.1:\d+\/\d+\/\d+\/\d+\.png/, (route) => route.abort());
    await page.goto(`${server.url}/search?q=`);
    await expect(page.locator("#map-note").textContent()).resolves.toContain("n'a pas pu être chargé");
    expect(await page.locator(".cards li").count()).toBe(6);
    await page.unroute(/127\.0\.0\.1:\d+\/\d+\/\d+\/\d+\.png/);
  });
});
