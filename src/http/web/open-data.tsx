// Open data: the page that documents the files, and the files, needs by domain and
// month as CSV and JSON (src/domain/open-data/indicators.ts: public needs only,
// small counts hidden), under the Licence Ouverte 2.0.
import { type Context, Hono } from "hono";
import { csv } from "../../../web/feeds/csv.ts";
import { OpenDataPage } from "../../../web/pages/open-data.tsx";
import {
  DOMAIN_MONTH_COLUMNS,
  domainMonthCells,
  needsByDomainMonth,
  publishDomainMonth,
  SMALL_COUNT,
} from "../../domain/open-data/indicators.ts";
import type { AppEnv } from "../env.ts";
import { frame, openGraph } from "./frame.ts";

const LICENCE = { name: "Licence Ouverte / Open Licence version 2.0 (Etalab)", url: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" };

async function rows(c: Context<AppEnv>) {
  const { db } = c.var.deps;
  return publishDomainMonth(await needsByDomainMonth(db.kysely, db.dialect));
}

export const openDataPages = new Hono<AppEnv>()
  .get("/open-data", async (c) => {
    const f = await frame(c);
    const { publicUrl } = c.var.deps.config;
    return c.html(
      <OpenDataPage
        {...f}
        columns={[...DOMAIN_MONTH_COLUMNS]}
        hubFeed={new URL("/feeds/api-engagement.xml", publicUrl).href}
        licenceUrl={LICENCE.url}
        og={openGraph(c, "/open-data", f.t("openData.intro", { name: f.instanceName }))}
      />,
    );
  })
  .get("/open-data/needs-by-domain-month.csv", async (c) => {
    const body = csv(DOMAIN_MONTH_COLUMNS, (await rows(c)).map(domainMonthCells));
    return c.body(body, 200, {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": 'inline; filename="needs-by-domain-month.csv"',
    });
  })
  .get("/open-data/needs-by-domain-month.json", async (c) => {
    const { publicUrl } = c.var.deps.config;
    const { name } = await c.var.deps.settings.get();
    return c.json({
      title: "Needs by domain and by month",
      publisher: name,
      source: publicUrl.href,
      documentation: new URL("/open-data", publicUrl).href,
      licence: LICENCE,
      generated: new Date().toISOString(),
      small_counts: {
        threshold: SMALL_COUNT,
        rule: `A figure from 1 to ${SMALL_COUNT - 1} is null and its column is named in "suppressed" (the CSV writes "< ${SMALL_COUNT}"); so is a figure that would give one back (the fill rate; hours given by fewer than ${SMALL_COUNT} volunteers).`,
      },
      columns: DOMAIN_MONTH_COLUMNS,
      rows: await rows(c),
    });
  });
