// The evaluation dashboards (an organisation's, the instance's, the federation's): an
// overview of the indicators, then by month and by domain, each chart with its table
// (evaluation-charts.tsx), and the CSV of every figure; on the federation's, its
// members and how their figures were added up. Small counts come already hidden
// (src/domain/evaluation/).
import type { Evaluation, EvaluationRow } from "../../src/domain/evaluation/dashboard.ts";
import type { Cell, IndicatorKey } from "../../src/domain/evaluation/publish.ts";
import { BarChart } from "../components/chart.tsx";
import type { Lang, Translate } from "../i18n/index.ts";
import { Layout, type OpenGraph, type PageProps } from "../layout.tsx";
import { barOf, DomainCharts, RatingsChart } from "./evaluation-charts.tsx";

export interface EvaluationPageProps extends PageProps {
  heading: string;
  intro: string;
  evaluation: Evaluation;
  keys: readonly IndicatorKey[];
  /** A domain's words, by slug. */
  domainLabels: Record<string, string>;
  csv: string;
  /** On an aggregator's public page: the federation's dashboard. */
  federationLink?: string;
  /** On the federation's: its members, and whether their open data was had. */
  members?: { host: string; answered: boolean }[];
  /** An organisation's: what its coordinators wrote of their outcomes, and its volunteers' words. */
  lessons?: { title: string; when: string; worked: string; notWorked: string }[];
  words?: string[];
  og?: OpenGraph;
}

const DURATIONS: readonly IndicatorKey[] = ["hoursToFirstApplication", "hoursToFilling", "responseHours"];

function number(lang: Lang, n: number, digits = 1): string {
  return new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: digits }).format(n);
}

/** A figure in its unit: a share, a duration in hours or days, or a number. */
function figure(t: Translate, lang: Lang, key: IndicatorKey, v: number): string {
  if (key === "fillRate") return new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { style: "percent", maximumFractionDigits: 0 }).format(v);
  if (DURATIONS.includes(key)) return v >= 48 ? t("eval.days", { n: number(lang, v / 24) }) : t("eval.hours", { n: number(lang, v) });
  return number(lang, v);
}

/** A cell in words: "< 5", "–", "not available", "at least", an estimate with where it surely lies, or the figure in its unit. */
export function cellWords(t: Translate, lang: Lang, key: IndicatorKey, cell: Cell): string {
  const f = (v: number) => figure(t, lang, key, v);
  switch (cell.kind) {
    case "small":
      return "< 5";
    case "none":
      return t("eval.none");
    case "unavailable":
      return t("eval.unavailable");
    case "atLeast":
      return t("eval.atLeast", { n: f(cell.value) });
    case "estimate":
      if (cell.partial) return t("eval.partial", { n: f(cell.value) });
      if (cell.low === undefined) return t("eval.about", { n: f(cell.value) });
      if (cell.high === null || cell.high === undefined) return t("eval.aboutFrom", { n: f(cell.value), low: f(cell.low) });
      return t("eval.aboutRange", { n: f(cell.value), low: f(cell.low), high: f(cell.high) });
    case "value":
      return f(cell.value);
  }
}

function monthLabel(lang: Lang, month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}

export function EvaluationPage(props: EvaluationPageProps) {
  const { t, lang, evaluation } = props;
  const words = (key: IndicatorKey, cell: Cell) => cellWords(t, lang, key, cell);
  const domain = (row: EvaluationRow) => props.domainLabels[row.key] ?? row.key;
  const empty = evaluation.total.needsPublished.kind === "value" && evaluation.total.needsPublished.value === 0;
  return (
    <Layout {...props} title={props.heading}>
      <h1>{props.heading}</h1>
      <p class="lead">{props.intro}</p>
      <p class="hint">{t("eval.smallRule")}</p>
      <p>
        <a class="download" href={props.csv} type="text/csv" download>
          {t("eval.csv")}
        </a>
      </p>
      {props.members ? (
        <p>
          <a href="#members">{t("eval.membersLink")}</a>
        </p>
      ) : null}
      {props.federationLink ? (
        <p>
          <a href={props.federationLink}>{t("eval.federationLink")}</a>
        </p>
      ) : null}
      <h2 id="overview">{t("eval.overview")}</h2>
      {empty ? <p>{t("eval.empty")}</p> : null}
      <div class="table-scroll">
        <table class="indicators">
          <caption class="visually-hidden">{t("eval.overview")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("eval.indicator")}</th>
              <th scope="col">{t("eval.value")}</th>
            </tr>
          </thead>
          <tbody>
            {props.keys.map((key) => (
              <tr>
                <th scope="row">{t(`eval.k.${key}`)}</th>
                <td data-indicator={key}>{words(key, evaluation.total[key])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {evaluation.byMonth.length > 0 ? (
        <>
          <h2 id="by-month">{t("eval.byMonth")}</h2>
          <BarChart
            id="chart-months"
            t={t}
            title={t("eval.chart.months")}
            desc={t("eval.chart.monthsDesc")}
            rowHeader={t("eval.month")}
            series={[
              { name: t("eval.k.needsPublished"), tone: 1 },
              { name: t("eval.k.needsDone"), tone: 2 },
            ]}
            rows={evaluation.byMonth.map((row) => ({
              label: monthLabel(lang, row.key),
              values: (["needsPublished", "needsDone"] as const).map((k) => ({ value: barOf(row.indicators[k]), text: words(k, row.indicators[k]) })),
            }))}
          />
        </>
      ) : null}
      {evaluation.byDomain.length > 0 ? (
        <>
          <h2 id="by-domain">{t("eval.byDomain")}</h2>
          <DomainCharts t={t} evaluation={evaluation} words={words} domain={domain} />
        </>
      ) : null}
      {evaluation.available === null || evaluation.available.has("satisfaction") ? (
        <>
          <h2 id="ratings">{t("eval.ratings")}</h2>
          <RatingsChart t={t} evaluation={evaluation} />
        </>
      ) : null}
      {props.members ? <Members t={t} members={props.members} /> : null}
      {props.lessons ? (
        <section aria-labelledby="lessons">
          <h2 id="lessons">{t("eval.lessons")}</h2>
          {props.lessons.length === 0 ? <p>{t("eval.noLessons")}</p> : null}
          {props.lessons.map((l) => (
            <article class="lesson">
              <h3>
                {l.title} <span class="meta">({l.when})</span>
              </h3>
              <dl>
                {l.worked ? (
                  <>
                    <dt>{t("outcome.worked")}</dt>
                    <dd class="pre-line">{l.worked}</dd>
                  </>
                ) : null}
                {l.notWorked ? (
                  <>
                    <dt>{t("outcome.notWorked")}</dt>
                    <dd class="pre-line">{l.notWorked}</dd>
                  </>
                ) : null}
              </dl>
            </article>
          ))}
        </section>
      ) : null}
      {props.words ? (
        <section aria-labelledby="words">
          <h2 id="words">{t("eval.words")}</h2>
          <p class="hint">{t("eval.wordsRule")}</p>
          {props.words.length === 0 ? (
            <p>{t("eval.noWords")}</p>
          ) : (
            <ul>
              {props.words.map((w) => (
                <li>{w}</li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </Layout>
  );
}

/** The federation's members, whether their open data was had, and how their figures are added up. */
function Members({ t, members }: { t: Translate; members: NonNullable<EvaluationPageProps["members"]> }) {
  return (
    <section aria-labelledby="members">
      <h2 id="members">{t("eval.members")}</h2>
      {members.length === 0 ? <p>{t("eval.noMembers")}</p> : null}
      <ul>
        {members.map((m) => (
          <li data-member={m.host}>{t(m.answered ? "eval.memberAnswered" : "eval.memberFailed", { host: m.host })}</li>
        ))}
      </ul>
      <h3>{t("eval.how")}</h3>
      <p>{t("eval.howCounts")}</p>
      <p>{t("eval.howSatisfaction")}</p>
      <p>{t("eval.howMedians")}</p>
    </section>
  );
}
