// Issue 15 in real headless Chromium: the federation of towns' dashboard on an
// aggregator following two seeded towns (test/helpers/towns.ts), on a 390 px phone and a
// 1280 px desktop: every chart an SVG image named by its title and description with its
// table, the members listed, checked with axe-core (no serious or critical violation),
// nothing blocked by the page's policy, no sideways scroll. Screenshots go to
// test/output/screenshots/, or to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPage, DESKTOP, type OpenChromium, openChromium, PHONE, screenshotsDir, skipChromium } from "./helpers/chromium.ts";
import type { ServerProcess } from "./helpers/server.ts";
import { federationOfTowns } from "./helpers/towns.ts";

const WIDTHS = { phone: PHONE, desktop: DESKTOP } as const;
/** By month; by domain: needs, fill rate, hours, people helped, volunteers who came back, satisfaction, times; answers by rating. */
const CHARTS = 9;

describe.skipIf(skipChromium)("the federation's evaluation in Chromium", () => {
  let towns: { a: ServerProcess; b: ServerProcess; f: ServerProcess };
  let chrome: OpenChromium;
  let page: Page;

  beforeAll(async () => {
    towns = await federationOfTowns();
    chrome = await openChromium({ viewport: PHONE });
    page = chrome.page;
  }, 240_000);

  afterAll(async () => {
    await chrome?.close();
    await Promise.all([towns?.a.stop(), towns?.b.stop(), towns?.f.stop()]);
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
      await checkPage(page, `/evaluation/federation at ${at}`, chrome.blocked);
      await page.screenshot({ path: join(screenshotsDir, `evaluation-federation-${at}.png`), fullPage: true });
    }
  });
});
