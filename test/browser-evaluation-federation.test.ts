// Issue 15 in real headless Chromium: the federation of towns' dashboard on an
// aggregator following two seeded towns (test/helpers/towns.ts), on a 390 px phone and a
// 1280 px desktop: every chart an SVG image named by its title and description with its
// table, the members listed, checked with axe-core (no serious or critical violation),
// nothing blocked by the page's policy, no sideways scroll. Screenshots go to
// test/output/screenshots/, or to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, type ServerProcess, tempDir } from "./helpers/server.ts";
import { federationOfTowns } from "./helpers/towns.ts";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const available = existsSync(CHROMIUM);
const axeSource = readFileSync(join(root, "node_modules", "axe-core", "axe.min.js"), "utf8");
const screenshots = process.env.UPDATE_SCREENSHOTS ? join(root, "docs", "screenshots") : join(root, "test", "output", "screenshots");
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;
/** By month; by domain: needs, fill rate, hours, people helped, volunteers who came back, satisfaction, times; answers by rating. */
const CHARTS = 9;

describe.skipIf(!available && !process.env.CI)("the federation's evaluation in Chromium", () => {
  let towns: { a: ServerProcess; b: ServerProcess; f: ServerProcess };
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const blocked: string[] = [];

  beforeAll(async () => {
    towns = await federationOfTowns();
    userDataDir = tempDir("entraide-federation-");
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: FLAGS, headless: true, viewport: WIDTHS.phone, locale: "fr-FR" });
    await context.addInitScript(() =>
      document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
    );
    context.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy|CSP violation/i.test(message.text())) blocked.push(`${message.page()?.url()}: ${message.text()}`);
    });
    page = context.pages()[0] ?? (await context.newPage());
    mkdirSync(screenshots, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await Promise.all([towns?.a.stop(), towns?.b.stop(), towns?.f.stop()]);
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("shows every figure in charts with their tables, the members, and how they were added up", async () => {
    for (const [at, size] of Object.entries(WIDTHS)) {
      await page.setViewportSize(size);
      await page.goto(`${towns.f.url}/evaluation/federation`);
      const figures = page.locator("figure.chart");
      expect(await figures.count()).toBe(CHARTS);
      for (let i = 0; i < CHARTS; i++) {
        const figure = figures.nth(i);
        const caption = (await figure.locator("figcaption").textContent())?.trim();
        expect(await figure.locator("svg title").textContent()).toBe(caption);
        expect(await figure.getByRole("img").evaluate((svg) => svg.tagName.toLowerCase())).toBe("svg");
        expect(await figure.locator("table tbody tr").count()).toBeGreaterThan(0);
      }
      // The times by domain, as the table under their chart reads them.
      const delays = page.locator("figure.chart:has(#chart-delays-caption)");
      expect(await delays.getByRole("row", { name: /Santé/ }).textContent()).toContain("2 j");
      expect(await page.locator("li[data-member]").count()).toBe(2);
      await expect.poll(() => page.getByRole("heading", { name: "Comment les chiffres sont additionnés" }).count()).toBe(1);
      expect(blocked, at).toEqual([]);
      await page.evaluate(axeSource);
      const serious = (await page.evaluate(async () => {
        const r = await (window as any).axe.run(document, { resultTypes: ["violations"] });
        return r.violations
          .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
          .map((v: { id: string; nodes: { target: string[] }[] }) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(" ")) }));
      })) as { id: string; targets: string[] }[];
      expect(serious, `${at}: ${JSON.stringify(serious)}`).toEqual([]);
      const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
      expect(scroll, `${at} scrolls sideways`).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(screenshots, `evaluation-federation-${at}.png`), fullPage: true });
    }
  });
});
