// Open data: the page that documents the files, and the files, under the Licence
// Ouverte 2.0: needs by domain and month as CSV and JSON (src/domain/open-data/
// indicators.ts: public needs only, small counts hidden), and the instance's evaluation
// with its distributions (src/domain/open-data/evaluation.ts: the public dashboard's
// figures, which aggregators add up across towns).
import { type Context, Hono } from "hono";
import { csv } from "../../../web/feeds/csv.ts";
import { OpenDataPage } from "../../../web/pages/open-data.tsx";
import { evaluate } from "../../domain/evaluation/dashboard.ts";
import { DISTRIBUTION_KEYS, DURATION_BUCKETS } from "../../domain/evaluation/distributions.ts";
import {
  DISTRIBUTION_MEANING,
  DISTRIBUTION_PREFIX,
  distributionColumns,
  EVALUATION_COLUMNS,
  EVALUATION_VERSION,
  evaluationCells,
  evaluationJsonRow,
  evaluationRows,
  INDICATOR_COLUMNS,
} from "../../domain/open-data/evaluation.ts";
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

async function evaluation(c: Context<AppEnv>) {
  return evaluationRows(await evaluate(c.var.deps.db.kysely, { kind: "instance" }));
}

async function about(c: Context<AppEnv>, title: string) {
  const { publicUrl } = c.var.deps.config;
  const { name } = await c.var.deps.settings.get();
  return {
    title,
    publisher: name,
    source: publicUrl.href,
    documentation: new URL("/open-data", publicUrl).href,
    licence: LICENCE,
    generated: new Date().toISOString(),
  };
}

export const openDataPages = new Hono<AppEnv>()
  .get("/open-data", async (c) => {
    const f = await frame(c);
    const { publicUrl } = c.var.deps.config;
    return c.html(
      <OpenDataPage
        {...f}
        columns={[...DOMAIN_MONTH_COLUMNS]}
        evaluationVersion={EVALUATION_VERSION}
        evaluationColumns={["breakdown", "key", ...INDICATOR_COLUMNS]}
        distributions={DISTRIBUTION_KEYS.map((k) => ({ prefix: DISTRIBUTION_PREFIX[k], columns: distributionColumns(k) }))}
        buckets={DURATION_BUCKETS}
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
    return c.json({
      ...(await about(c, "Needs by domain and by month")),
      small_counts: {
        threshold: SMALL_COUNT,
        rule: `A figure from 1 to ${SMALL_COUNT - 1} is null and its column is named in "suppressed" (the CSV writes "< ${SMALL_COUNT}"); so is a figure that would give one back (the fill rate; hours given by fewer than ${SMALL_COUNT} volunteers).`,
      },
      columns: DOMAIN_MONTH_COLUMNS,
      rows: await rows(c),
    });
  })
  .get("/open-data/evaluation.csv", async (c) => {
    const body = csv(EVALUATION_COLUMNS, (await evaluation(c)).map(evaluationCells));
    return c.body(body, 200, {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": 'inline; filename="evaluation.csv"',
    });
  })
  .get("/open-data/evaluation.json", async (c) => {
    return c.json({
      ...(await about(c, "What the public needs achieved: the evaluation, with its distributions")),
      version: EVALUATION_VERSION,
      small_counts: {
        threshold: SMALL_COUNT,
        rule: `A count of people from 1 to ${SMALL_COUNT - 1} is null and its column is named in "suppressed" (the CSV writes "< ${SMALL_COUNT}"), and so is what would give it back (the fill rate, the hours, the satisfaction); so is a distribution counting 1 to ${SMALL_COUNT - 1}, whole; and a figure that the total minus the other rows would give back. Counts of needs and places wanted are shown.`,
      },
      distributions: Object.fromEntries(DISTRIBUTION_KEYS.map((k) => [DISTRIBUTION_PREFIX[k], { counts: DISTRIBUTION_MEANING[k], columns: distributionColumns(k) }])),
      duration_buckets: DURATION_BUCKETS.map((b) => ({ suffix: b.suffix, from_hours: b.from, to_hours: b.to })),
      columns: EVALUATION_COLUMNS,
      rows: (await evaluation(c)).map(evaluationJsonRow),
    });
  });
