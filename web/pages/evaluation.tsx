// The evaluation dashboards (an organisation's, the instance's, the federation's): an
// overview of the indicators, then by month and by domain, each chart with its table,
// and the CSV of every figure. Small counts come already hidden (src/domain/evaluation/).
import type { Evaluation, EvaluationRow } from "../../src/domain/evaluation/dashboard.ts";
import type { Cell, IndicatorKey } from "../../src/domain/evaluation/publish.ts";
import { BarChart } from "../components/chart.tsx";
import type { Lang, Translate } from "../i18n/index.ts";
import { Layout, type OpenGraph, type PageProps } from "../layout.tsx";

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
  /** An organisation's: what its coordinators wrote of their outcomes, and its volunteers' words. */
  lessons?: { title: string; when: string; worked: string; notWorked: string }[];
  words?: string[];
  og?: OpenGraph;
}

const DURATIONS: readonly IndicatorKey[] = ["hoursToFirstApplication", "hoursToFilling", "responseHours"];

function number(lang: Lang, n: number, digits = 1): string {
  return new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: digits }).format(n);
}

/** A cell in words: "< 5", "–", "not available", or the figure in its unit. */
export function cellWords(t: Translate, lang: Lang, key: IndicatorKey, cell: Cell): string {
  switch (cell.kind) {
    case "small":
      return "< 5";
    case "none":
      return t("eval.none");
    case "unavailable":
      return t("eval.unavailable");
    case "atLeast":
      return t("eval.atLeast", { n: number(lang, cell.value) });
    case "value": {
      const v = cell.value;
      if (key === "fillRate") return new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { style: "percent", maximumFractionDigits: 0 }).format(v);
      if (DURATIONS.includes(key)) return v >= 48 ? t("eval.days", { n: number(lang, v / 24) }) : t("eval.hours", { n: number(lang, v) });
      return number(lang, v);
    }
  }
}

const barOf = (cell: Cell) => (cell.kind === "value" || cell.kind === "atLeast" ? cell.value : null);

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
          <BarChart
            id="chart-fill"
            t={t}
            title={t("eval.chart.fill")}
            desc={t("eval.chart.fillDesc")}
            rowHeader={t("eval.domain")}
            series={[{ name: t("eval.k.fillRate"), tone: 1 }]}
            rows={evaluation.byDomain.map((row) => ({
              label: domain(row),
              values: [{ value: barOf(row.indicators.fillRate), text: words("fillRate", row.indicators.fillRate) }],
            }))}
          />
          {evaluation.available === null || evaluation.available.has("hoursGiven") ? (
            <BarChart
              id="chart-hours"
              t={t}
              title={t("eval.chart.hours")}
              desc={t("eval.chart.hoursDesc")}
              rowHeader={t("eval.domain")}
              series={[{ name: t("eval.k.hoursGiven"), tone: 2 }]}
              rows={evaluation.byDomain.map((row) => ({
                label: domain(row),
                values: [{ value: barOf(row.indicators.hoursGiven), text: words("hoursGiven", row.indicators.hoursGiven) }],
              }))}
            />
          ) : null}
          {/* On the federation's page only (its members' open data): the other pages give the people helped in their tables. */}
          {evaluation.available?.has("peopleHelped") ? (
            <BarChart
              id="chart-helped"
              t={t}
              title={t("eval.chart.helped")}
              desc={t("eval.chart.helpedDesc")}
              rowHeader={t("eval.domain")}
              series={[{ name: t("eval.k.peopleHelped"), tone: 1 }]}
              rows={evaluation.byDomain.map((row) => ({
                label: domain(row),
                values: [{ value: barOf(row.indicators.peopleHelped), text: words("peopleHelped", row.indicators.peopleHelped) }],
              }))}
            />
          ) : null}
        </>
      ) : null}
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
