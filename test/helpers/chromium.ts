// What every browser test shares: Debian's Chromium launched the way this machine needs
// (docs in /work/shared/TESTING.md: without the background-networking flags it keeps
// trying hosts it cannot reach), a watch on what the pages' Content-Security-Policy
// blocks, and the check each page passes: nothing blocked, no serious or critical
// axe-core violation, no sideways scroll.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { root, tempDir } from "./server.ts";

export const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const chromiumAvailable = existsSync(CHROMIUM);
/** A workstation without Chromium skips the browser tests; CI must run them (and fails without it). */
export const skipChromium = !chromiumAvailable && !process.env.CI;
if (skipChromium) console.warn(`Skipping the browser tests: ${CHROMIUM} is missing (apt-get install -y chromium). In CI they must run.`);

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
/** The README shows the screenshots of docs/screenshots/; a plain run leaves them alone. */
export const screenshotsDir = process.env.UPDATE_SCREENSHOTS ? join(root, "docs", "screenshots") : join(root, "test", "output", "screenshots");

let axeSource: string | undefined;

/**
 * Records in `blocked` what the pages' Content-Security-Policy blocked: Chromium's own
 * console errors about it, and the securitypolicyviolation events (the init script is the
 * browser's, not the page's, so the policy does not apply to it).
 */
export async function watchPolicy(context: BrowserContext, blocked: string[] = []): Promise<string[]> {
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  context.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && /Content Security Policy|CSP violation/i.test(text)) blocked.push(`${message.page()?.url()}: ${text}`);
  });
  return blocked;
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  locale?: string;
  /** 2 with a viewport of half the window's size is the page at 200 % zoom. */
  deviceScaleFactor?: number;
}

/** Chromium with a fresh profile of its own, its one tab, and the list of what the policy blocked. */
export async function openChromium({ viewport = DESKTOP, locale = "fr-FR", deviceScaleFactor }: OpenOptions = {}) {
  const userDataDir = tempDir("entraide-chromium-");
  const context = await chromium
    .launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: FLAGS, headless: true, viewport, locale, deviceScaleFactor })
    .catch((error) => {
      rmSync(userDataDir, { recursive: true, force: true });
      throw error;
    });
  const blocked = await watchPolicy(context);
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(screenshotsDir, { recursive: true });
  return {
    context,
    page,
    blocked,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export type OpenChromium = Awaited<ReturnType<typeof openChromium>>;

/** Chromium for tests that need contexts of their own (without JavaScript, say); Playwright gives it a fresh profile, removed when it closes. */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  mkdirSync(screenshotsDir, { recursive: true });
  return browser;
}

/** The serious and critical axe-core violations of the page as it is now, with the elements at fault. */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  axeSource ??= readFileSync(join(root, "node_modules", "axe-core", "axe.min.js"), "utf8");
  // Evaluated through the DevTools protocol: an inline script tag would be blocked by the policy.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
      .map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

/** The page as it is now: nothing its policy blocked, no serious or critical axe violation, no sideways scroll. */
export async function checkPage(page: Page, label: string, blocked: string[]): Promise<void> {
  expect(blocked, label).toEqual([]);
  const serious = await seriousViolations(page);
  expect(serious, `${label}: ${JSON.stringify(serious)}`).toEqual([]);
  const { scroll, width, wide } = await page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement;
    // What sticks out, to say what to fix.
    const wide =
      scrollWidth > clientWidth
        ? [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > clientWidth).map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute("class") ?? ""}`).slice(0, 5)
        : [];
    return { scroll: scrollWidth, width: clientWidth, wide };
  });
  expect(scroll, `${label} scrolls sideways: ${wide.join(", ")}`).toBeLessThanOrEqual(width);
}
