// The evaluation dashboards (src/domain/evaluation/): the instance's, public, at
// /evaluation; an organisation's, for its coordinators; the federation of towns', on an
// aggregator. Each page has its CSV, made by the spreadsheet-safe writer of the
// coordinators' exports, with the same "< 5" as the page.
import { type Context, Hono } from "hono";
import { spreadsheetCsv } from "../../../web/feeds/csv.ts";
import { EvaluationPage } from "../../../web/pages/evaluation.tsx";
import { type Evaluation, evaluate } from "../../domain/evaluation/dashboard.ts";
import { DISTRIBUTION_KEYS } from "../../domain/evaluation/distributions.ts";
import { evaluateFederation, type FederationEvaluation } from "../../domain/evaluation/federation.ts";
import { lessonsOf, volunteerWords } from "../../domain/evaluation/lessons.ts";
import { cellText, type DistributionCell, INDICATOR_KEYS, type PublishedDistributions } from "../../domain/evaluation/publish.ts";
import { distributionColumns, INDICATOR_COLUMNS } from "../../domain/open-data/evaluation.ts";
import { formatSchedule } from "../../domain/needs/note-content.ts";
import { canCoordinate } from "../../domain/needs/service.ts";
import { findOrganization } from "../../domain/organizations/organizations.ts";
import { DOMAINS } from "../../domain/vocabulary/domains.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { frame, openGraph, signedInOrLogin } from "./frame.ts";
import { dayWords } from "./outcomes.tsx";

type C = Context<AppEnv>;

/** A distribution's counts as the CSV's cells: hidden "< 5", the known parts' ">= N" when some were hidden, "n/a". */
function distributionTexts(cell: DistributionCell, columns: number): string[] {
  if (cell.kind === "value") return cell.counts.map(String);
  if (cell.kind === "atLeast") return cell.counts.map((n) => `>= ${n}`);
  return Array.from({ length: columns }, () => (cell.kind === "small" ? "< 5" : "n/a"));
}

/** Every figure of a dashboard: the total, then each month, then each domain; the indicators, then the distributions they are read from. */
export function evaluationCsv(evaluation: Evaluation): string {
  const row = (breakdown: string, key: string, cells: Evaluation["total"], distributions: PublishedDistributions) => [
    breakdown,
    key,
    ...INDICATOR_KEYS.map((k) => cellText(cells[k])),
    ...DISTRIBUTION_KEYS.flatMap((k) => distributionTexts(distributions[k], distributionColumns(k).length)),
  ];
  return spreadsheetCsv(
    ["breakdown", "key", ...INDICATOR_COLUMNS, ...DISTRIBUTION_KEYS.flatMap(distributionColumns)],
    [
      row("total", "", evaluation.total, evaluation.totalDistributions),
      ...evaluation.byMonth.map((r) => row("month", r.key, r.indicators, r.distributions)),
      ...evaluation.byDomain.map((r) => row("domain", r.key, r.indicators, r.distributions)),
    ],
  );
}

function csvAnswer(c: C, name: string, evaluation: Evaluation, cache: "public" | "private") {
  return c.body(evaluationCsv(evaluation), 200, {
    "Content-Type": "text/csv; charset=utf-8; header=present",
    "Content-Disposition": `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`,
    "Cache-Control": cache === "public" ? "public, max-age=300" : "no-store",
  });
}

async function page(
  c: C,
  heading: string,
  intro: string,
  evaluation: Evaluation,
  csv: string,
  extra: { federationLink?: string; path?: string; organizationId?: string; members?: FederationEvaluation["members"] } = {},
) {
  const f = await frame(c);
  const domainLabels = Object.fromEntries(DOMAINS.map((d) => [d.slug, d.label[f.lang]]));
  const db = c.var.deps.db.kysely;
  const lessons = extra.organizationId
    ? (await lessonsOf(db, extra.organizationId)).map((l) => ({
        title: l.title,
        when: l.occurrence ? formatSchedule({ kind: "date", start: l.occurrence }, f.lang) : dayWords(f, l.confirmed),
        worked: l.worked,
        notWorked: l.notWorked,
      }))
    : undefined;
  const words = extra.organizationId ? await volunteerWords(db, extra.organizationId) : undefined;
  return c.html(
    <EvaluationPage
      {...f}
      heading={heading}
      intro={intro}
      evaluation={evaluation}
      keys={INDICATOR_KEYS}
      domainLabels={domainLabels}
      csv={csv}
      federationLink={extra.federationLink}
      members={extra.members?.map((m) => ({ host: new URL(m.origin).host, answered: m.answered }))}
      lessons={lessons}
      words={words}
      og={extra.path ? openGraph(c, extra.path, intro) : undefined}
    />,
  );
}

async function coordinatedOrganization(c: C) {
  const { account, redirect } = signedInOrLogin(c);
  if (!account) return { redirect };
  const db = c.var.deps.db.kysely;
  const org = await findOrganization(db, c.req.param("handle") ?? "");
  if (!org || !(await canCoordinate(db, account, org.id))) throw new HttpProblem(404, "no such organisation among yours");
  return { org };
}

/** The federation's dashboard, with its members' open data (federation/member-open-data.ts). */
async function federationEvaluation(c: C) {
  const { db, policy, federation } = c.var.deps;
  return evaluateFederation(db.kysely, policy, await federation.membersOpenData());
}

function aggregatorOnly(c: C) {
  if (!c.var.deps.config.aggregator) throw new HttpProblem(404, "this instance is not an aggregator");
}

export const evaluationPages = new Hono<AppEnv>()
  .get("/evaluation", async (c) => {
    const f = await frame(c);
    const evaluation = await evaluate(c.var.deps.db.kysely, { kind: "instance" });
    return page(c, f.t("eval.instanceTitle"), f.t("eval.intro.instance", { name: f.instanceName }), evaluation, "/evaluation.csv", {
      federationLink: c.var.deps.config.aggregator ? "/evaluation/federation" : undefined,
      path: "/evaluation",
    });
  })
  .get("/evaluation.csv", async (c) => csvAnswer(c, "evaluation", await evaluate(c.var.deps.db.kysely, { kind: "instance" }), "public"))
  .get("/evaluation/federation", async (c) => {
    aggregatorOnly(c);
    const f = await frame(c);
    const evaluation = await federationEvaluation(c);
    const answered = evaluation.members.filter((m) => m.answered).length;
    const intro = answered
      ? [
          f.t("eval.intro.federationMembers", { count: answered }),
          evaluation.documentServers ? f.t("eval.intro.federationDocuments", { count: evaluation.documentServers }) : "",
        ]
          .join(" ")
          .trim()
      : f.t("eval.intro.federation", { count: evaluation.documentServers });
    return page(c, f.t("eval.federationTitle"), intro, evaluation, "/evaluation/federation.csv", {
      path: "/evaluation/federation",
      members: evaluation.members,
    });
  })
  .get("/evaluation/federation.csv", async (c) => {
    aggregatorOnly(c);
    return csvAnswer(c, "evaluation-federation", await federationEvaluation(c), "public");
  })
  .get("/coordinate/organizations/:handle/evaluation", async (c) => {
    const { org, redirect } = await coordinatedOrganization(c);
    if (!org) return redirect;
    const f = await frame(c);
    const evaluation = await evaluate(c.var.deps.db.kysely, { kind: "organization", organizationId: org.id });
    return page(c, f.t("eval.orgTitle", { name: org.name }), f.t("eval.intro.organization"), evaluation, `/coordinate/organizations/${encodeURIComponent(org.handle)}/evaluation.csv`, {
      organizationId: org.id,
    });
  })
  .get("/coordinate/organizations/:handle/evaluation.csv", async (c) => {
    const { org, redirect } = await coordinatedOrganization(c);
    if (!org) return redirect;
    return csvAnswer(c, `${org.handle}-evaluation`, await evaluate(c.var.deps.db.kysely, { kind: "organization", organizationId: org.id }), "private");
  });
