// Issue 16, points 5 and 6, in real headless Chromium against a real server process:
// a coordinator edits the organisation's profile, uploads its logo and image and a
// need's picture through the forms (a real file chosen in the file input), and the
// public pages show them; each page at 390 px and 1280 px, checked with axe-core (no
// serious or critical violation), nothing blocked by the pages' policy, no sideways
// scrolling on a phone. Screenshots go to test/output/screenshots/, or to
// docs/screenshots/ with UPDATE_SCREENSHOTS=1.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage, DESKTOP, type OpenChromium, openChromium, PHONE, screenshotsDir, skipChromium } from "./helpers/chromium.ts";
import { apiClient, runCli, type ServerProcess, startServer, tempDir } from "./helpers/server.ts";

const PASSWORD = "a long password for tests";

/** A picture with something to see: a gradient sky, a green band of garden and a sun. */
async function gardenJpeg(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="1100">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7fb8e6"/><stop offset="1" stop-color="#dff0fb"/></linearGradient></defs>
    <rect width="2000" height="1100" fill="url(#sky)"/><circle cx="1600" cy="260" r="140" fill="#ffd35c"/>
    <rect y="700" width="2000" height="400" fill="#4f8f3a"/>
    ${Array.from({ length: 12 }, (_, i) => `<rect x="${120 + i * 150}" y="620" width="40" height="120" fill="#2f6b25"/><circle cx="${140 + i * 150}" cy="600" r="45" fill="#d9483b"/>`).join("")}
  </svg>`;
  return sharp(Buffer.from(svg)).withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "45/1 46/1 2/1", GPSLongitudeRef: "E", GPSLongitude: "4/1 52/1 3/1" } }).jpeg().toBuffer();
}

async function logoPng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">
    <rect width="400" height="400" rx="80" fill="#0b4f9c"/>
    <path d="M120 230 q80 -140 160 0 q-80 90 -160 0z" fill="#fff"/><circle cx="200" cy="150" r="40" fill="#ffd35c"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe.skipIf(skipChromium)("pictures and organisation profiles in Chromium", () => {
  let server: ServerProcess;
  let chrome: OpenChromium;
  let context: BrowserContext;
  let page: Page;
  let needId: string;
  let uploads: string;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    // No tiles (the organisation's page has a map of its needs): a closed port on loopback, never the internet.
    server = await startServer({ env: { LOGIN_RATE_LIMIT: "1000", INSTANCE_NAME: "Entraide Villeurbanne", MAP_TILES_URL: "http://127.0.0.1:9/{z}/{x}/{y}.png" } });
    expect(runCli(["user", "create", "camille", "--email", "camille@town.test"], server.env, `${PASSWORD}\n`).status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Les Amis du Tonkin", "--coordinator", "camille"], server.env).status).toBe(0);
    const api = apiClient(server, runCli(["token", "create", "camille"], server.env).stdout.trim());
    const made = await api("POST", "/missions", {
      organization: "asso",
      title: "Jardinage partagé au Tonkin",
      description: "Planter, arroser et récolter avec les habitants du quartier.",
      domains: ["environnement"],
      place: { label: "Le Tonkin, Villeurbanne", latitude: 45.7743, longitude: 4.8646, radius_km: 1 },
      schedule: { kind: "date", start: "2027-04-17T10:00:00+02:00", end: "2027-04-17T12:00:00+02:00" },
      volunteers_wanted: 3,
      visibility: "public",
      status: "open",
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    needId = made.body.id;
    uploads = tempDir("entraide-uploads-");
    files.garden = join(uploads, "IMG_2041.jpg");
    files.logo = join(uploads, "logo.png");
    files.text = join(uploads, "notes.png");
    writeFileSync(files.garden, await gardenJpeg());
    writeFileSync(files.logo, await logoPng());
    writeFileSync(files.text, "ceci n'est pas une image\n");
    chrome = await openChromium({ viewport: DESKTOP });
    ({ context, page } = chrome);
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Nom d'utilisateur ou adresse e-mail").fill("camille");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
  }, 180_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
    if (uploads) rmSync(uploads, { recursive: true, force: true });
  });

  const check = (label: string) => checkPage(page, label, chrome.blocked);

  async function atBothWidths(path: string, name: string, expectations: () => Promise<void> = async () => {}) {
    for (const [size, viewport] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
      await page.setViewportSize(viewport);
      await page.goto(`${server.url}${path}`);
      await expectations();
      await check(`${name} at ${viewport.width} px`);
      await page.screenshot({ path: join(screenshotsDir, `${name}-${size}.png`), fullPage: true });
    }
  }

  it("edits the organisation's profile through its form", async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}/coordinate/organizations/asso/profile`);
    await page.getByLabel("Présentation").fill(
      "Nous animons le **jardin partagé** du Tonkin et des ateliers pour tous les âges.\n\n- jardinage le samedi\n- lecture le mardi",
    );
    await page.getByLabel("Site web").fill("https://amis-du-tonkin.example/");
    await page.getByLabel("Contact public").fill("contact@amis-du-tonkin.example");
    await page.getByLabel("Commune ou quartier").fill("12 rue du Tonkin, Villeurbanne");
    await page.getByRole("checkbox", { name: "Environnement" }).check();
    await page.getByRole("button", { name: "Enregistrer le profil" }).click();
    // A street is refused, next to the field, and what was typed stays.
    await expect(page.locator("#area-error").textContent()).resolves.toContain("sans rue ni numéro");
    await check("the profile form with an error");
    await page.screenshot({ path: join(screenshotsDir, "organization-profile-error-desktop.png"), fullPage: true });
    await page.getByLabel("Commune ou quartier").fill("Le Tonkin, Villeurbanne");
    await page.getByRole("button", { name: "Enregistrer le profil" }).click();
    await page.waitForURL(/saved=1/);
    await expect(page.getByRole("status").textContent()).resolves.toContain("Profil enregistré");
    await atBothWidths("/coordinate/organizations/asso/profile", "organization-profile-form");
  });

  it("uploads the logo and the image through the picture form, and refuses a text file", async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}/coordinate/organizations/asso/logo`);
    await page.getByLabel("Image (JPEG, PNG ou WebP)").setInputFiles(files.text!);
    await page.getByLabel("Description de l'image").fill("Une feuille");
    await page.getByRole("button", { name: "Enregistrer l'image" }).click();
    await expect(page.locator("#image-error").textContent()).resolves.toContain("n'est pas une image JPEG, PNG ou WebP");
    await check("the picture form with an error");
    await page.getByLabel("Image (JPEG, PNG ou WebP)").setInputFiles(files.logo!);
    await page.getByLabel("Description de l'image").fill("Logo des Amis du Tonkin : une main ouverte sous un soleil");
    await page.getByRole("button", { name: "Enregistrer l'image" }).click();
    await page.waitForURL(/picture=saved/);
    await atBothWidths("/coordinate/organizations/asso/logo?picture=saved", "picture-form", async () => {
      await expect(page.getByRole("status").textContent()).resolves.toContain("Image enregistrée");
      await expect(page.getByRole("img", { name: /une main ouverte/ }).isVisible()).resolves.toBe(true);
    });
    await page.goto(`${server.url}/coordinate/organizations/asso/image`);
    await page.getByLabel("Image (JPEG, PNG ou WebP)").setInputFiles(files.garden!);
    await page.getByLabel("Description de l'image").fill("Le jardin partagé du Tonkin, des tomates sous le soleil");
    await page.getByRole("button", { name: "Enregistrer l'image" }).click();
    await page.waitForURL(/picture=saved/);
    await page.goto(`${server.url}/coordinate/needs/${needId}/image`);
    await page.getByLabel("Image (JPEG, PNG ou WebP)").setInputFiles(files.garden!);
    await page.getByLabel("Description de l'image").fill("Des plants de tomates alignés dans le jardin");
    await page.getByRole("button", { name: "Enregistrer l'image" }).click();
    await page.waitForURL(/picture=saved/);
  });

  it("shows the profile, the logo and the image on the organisation's public page, and the need's picture", async () => {
    await context.clearCookies();
    await atBothWidths("/@asso", "organization-page", async () => {
      await expect(page.getByRole("img", { name: /une main ouverte/ }).isVisible()).resolves.toBe(true);
      await expect(page.getByRole("img", { name: /des tomates sous le soleil/ }).isVisible()).resolves.toBe(true);
      await expect(page.locator(".profile-description strong").textContent()).resolves.toBe("jardin partagé");
      await expect(page.getByRole("link", { name: "amis-du-tonkin.example" }).isVisible()).resolves.toBe(true);
      // The pictures loaded (served by the instance, allowed by the page's policy).
      const loaded = await page.evaluate(() =>
        Promise.all([...document.querySelectorAll<HTMLImageElement>(".profile-head img, .picture img")].map((img) => img.decode().then(() => `${img.naturalWidth}`, () => `failed ${img.src}`))),
      );
      expect(loaded).toEqual(["400", "1600"]); // the logo's thumbnail (never enlarged: 400 px), the image
    });
    await atBothWidths(`/needs/${needId}`, "need-picture", async () => {
      const img = page.getByRole("img", { name: "Des plants de tomates alignés dans le jardin" });
      await expect(img.isVisible()).resolves.toBe(true);
      expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(1600);
    });
  });
});
