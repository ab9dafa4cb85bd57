// A bar chart drawn on the server as SVG (no script), in a <figure> with its caption and
// the table of its figures: the SVG is an image (role=img, its <title> and <desc>) and
// the table is what screen readers and copy-paste read. One row per category, its label
// above its bars, so that long labels fit a phone's width. A figure not shown ("< 5",
// not available) draws no bar and says so in words. Two series have their legend on
// one line, three one under the other.
import type { Translate } from "../i18n/index.ts";

export interface ChartSeries {
  name: string;
  /** Class of its bars (.bar-1, .bar-2, .bar-3 in the stylesheet). */
  tone: 1 | 2 | 3;
}

export interface ChartRow {
  label: string;
  /** One per series: the length of the bar (null: none drawn), and the text shown for it. */
  values: { value: number | null; text: string }[];
}

const WIDTH = 400;
const BAR = 16;
const GAP = 4;
const LABEL = 20;
const ROW_GAP = 10;
/** Room kept right of the longest bar for its text: about 7.5 px a character at 13 px, within bounds. */
const valueRoom = (rows: ChartRow[]) => Math.min(200, Math.max(60, 10 + 7.5 * Math.max(0, ...rows.flatMap((r) => r.values.map((v) => v.text.length)))));

export function BarChart(props: {
  id: string;
  title: string;
  desc: string;
  series: ChartSeries[];
  rows: ChartRow[];
  rowHeader: string;
  t: Translate;
  /** The value of a full bar (a rating out of 5); else the largest one. */
  max?: number;
}) {
  const { id, series, rows } = props;
  const max = props.max ?? Math.max(0, ...rows.flatMap((r) => r.values.map((v) => v.value ?? 0)));
  const stacked = series.length > 2;
  const legend = series.length > 1 ? (stacked ? series.length * 20 + 4 : 24) : 0;
  const rowHeight = LABEL + series.length * (BAR + GAP) + ROW_GAP;
  const height = legend + rows.length * rowHeight + 4;
  const room = valueRoom(rows);
  const scale = (v: number) => (max > 0 ? (v / max) * (WIDTH - room) : 0);
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{props.title}</figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{props.desc}</desc>
        {legend
          ? series.map((s, i) => {
              const x = stacked ? 0 : i * 180;
              const y = stacked ? 4 + i * 20 : 4;
              return (
                <g>
                  <rect class={`bar-${s.tone}`} x={x} y={y} width={14} height={14} />
                  <text class="chart-text" x={x + 20} y={y + 12}>
                    {s.name}
                  </text>
                </g>
              );
            })
          : null}
        {rows.map((row, r) => {
          const top = legend + r * rowHeight;
          return (
            <g>
              <text class="chart-label" x={0} y={top + 14}>
                {row.label}
              </text>
              {row.values.map((v, i) => {
                const y = top + LABEL + i * (BAR + GAP);
                const w = v.value === null ? 0 : Math.min(WIDTH - room, Math.max(v.value > 0 ? 2 : 0, scale(v.value)));
                return (
                  <>
                    {w > 0 ? <rect class={`bar-${series[i]!.tone}`} x={0} y={y} width={Math.round(w * 10) / 10} height={BAR} /> : null}
                    <text class="chart-text" x={Math.round(w * 10) / 10 + 6} y={y + 13}>
                      {v.text}
                    </text>
                  </>
                );
              })}
            </g>
          );
        })}
      </svg>
      {/* Scrolled sideways on a phone when its series are many: reachable by keyboard, named by the chart. */}
      <section class="table-scroll" tabindex={0} aria-labelledby={`${id}-caption`}>
        <table>
          <caption class="visually-hidden">{props.t("eval.chart.data", { title: props.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{props.rowHeader}</th>
              {series.map((s) => (
                <th scope="col">{s.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <th scope="row">{row.label}</th>
                {row.values.map((v) => (
                  <td>{v.text}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </figure>
  );
}
