// The evaluation dashboards' charts by domain (the pilot domains first), every figure of
// issue 15 in one of them, each an SVG with its table (web/components/chart.tsx); and
// the volunteers' answers by rating. A chart whose figure does not federate (on an
// aggregator without members' open data) is left out. Small counts come already hidden.
import type { Evaluation, EvaluationRow } from "../../src/domain/evaluation/dashboard.ts";
import type { Cell, IndicatorKey } from "../../src/domain/evaluation/publish.ts";
import { BarChart, type ChartSeries } from "../components/chart.tsx";
import type { Translate } from "../i18n/index.ts";

/** The survey's scale, as its words name it (survey.rating.1 to .5). */
const RATINGS = [1, 2, 3, 4, 5] as const;

/** The length of a cell's bar: its figure, or for a bound or an estimate the figure known. */
export const barOf = (cell: Cell) => (cell.kind === "value" || cell.kind === "atLeast" || cell.kind === "estimate" ? cell.value : null);

interface Props {
  t: Translate;
  evaluation: Evaluation;
  words: (key: IndicatorKey, cell: Cell) => string;
  domain: (row: EvaluationRow) => string;
}

export function DomainCharts({ t, evaluation, words, domain }: Props) {
  const has = (key: IndicatorKey) => evaluation.available === null || evaluation.available.has(key);
  const chart = (id: string, keys: readonly IndicatorKey[], tones: readonly (1 | 2 | 3)[], names: readonly string[], max?: number) => (
    <BarChart
      id={`chart-${id}`}
      t={t}
      title={t(`eval.chart.${id}` as "eval.chart.fill")}
      desc={t(`eval.chart.${id}Desc` as "eval.chart.fillDesc")}
      rowHeader={t("eval.domain")}
      max={max}
      series={keys.map((_, i): ChartSeries => ({ name: names[i]!, tone: tones[i]! }))}
      rows={evaluation.byDomain.map((row) => ({
        label: domain(row),
        values: keys.map((k) => ({ value: barOf(row.indicators[k]), text: words(k, row.indicators[k]) })),
      }))}
    />
  );
  const name = (key: IndicatorKey) => t(`eval.k.${key}`);
  return (
    <>
      {chart("needs", ["needsPublished", "needsFilled", "needsDone"], [1, 2, 3], [name("needsPublished"), name("needsFilled"), name("needsDone")])}
      {chart("fill", ["fillRate"], [1], [name("fillRate")])}
      {has("hoursGiven") ? chart("hours", ["hoursGiven"], [2], [name("hoursGiven")]) : null}
      {has("peopleHelped") ? chart("helped", ["peopleHelped"], [1], [name("peopleHelped")]) : null}
      {has("returningVolunteers") ? chart("returning", ["volunteers", "returningVolunteers"], [1, 2], [name("volunteers"), t("eval.series.returning")]) : null}
      {has("satisfaction") ? chart("satisfaction", ["satisfaction"], [2], [name("satisfaction")], 5) : null}
      {has("hoursToFirstApplication")
        ? chart(
            "delays",
            ["hoursToFirstApplication", "hoursToFilling", "responseHours"],
            [1, 2, 3],
            [t("eval.series.firstApplication"), t("eval.series.filling"), t("eval.series.response")],
          )
        : null}
    </>
  );
}

/** The volunteers' answers by rating, over the whole dashboard: how the mean was made. */
export function RatingsChart({ t, evaluation }: Pick<Props, "t" | "evaluation">) {
  const cell = evaluation.totalDistributions.ratings;
  if (cell.kind === "unavailable") return null;
  const counts = cell.kind === "small" ? null : cell.counts;
  return (
    <BarChart
      id="chart-ratings"
      t={t}
      title={t("eval.chart.ratings")}
      desc={t("eval.chart.ratingsDesc")}
      rowHeader={t("eval.rating")}
      series={[{ name: t("eval.k.answers"), tone: 1 }]}
      rows={RATINGS.map((r, i) => ({
        label: t(`survey.rating.${r}`),
        values: [
          {
            value: counts ? counts[i]! : null,
            text: counts ? (cell.kind === "atLeast" ? t("eval.atLeast", { n: counts[i]! }) : String(counts[i])) : "< 5",
          },
        ],
      }))}
    />
  );
}
