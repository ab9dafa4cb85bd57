// The open-data page: the files, their licence, which needs count, the small-numbers rule, the columns
// of each file (the evaluation's distributions by family, with their buckets).
import type { DurationBucket } from "../../src/domain/evaluation/distributions.ts";
import type { DomainMonthColumn } from "../../src/domain/open-data/indicators.ts";
import { Layout, type OpenGraph, type PageProps } from "../layout.tsx";

export interface OpenDataProps extends PageProps {
  /** The columns of needs-by-domain-month, in order. */
  columns: DomainMonthColumn[];
  /** The version evaluation.json says it is. */
  evaluationVersion: number;
  /** evaluation.csv's columns: one by one, then the distributions' by family (its first and last column). */
  evaluationColumns: string[];
  distributions: { prefix: string; columns: string[] }[];
  buckets: readonly DurationBucket[];
  /** Absolute address of the API Engagement feed. */
  hubFeed: string;
  licenceUrl: string;
  og: OpenGraph;
}

export function OpenDataPage(props: OpenDataProps) {
  const { t } = props;
  return (
    <Layout {...props} title={t("openData.title")}>
      <h1>{t("openData.title")}</h1>
      <p class="lead">{t("openData.intro", { name: props.instanceName })}</p>
      <h2 id="files">{t("openData.files")}</h2>
      <h3>{t("openData.domainMonth")}</h3>
      <ul>
        <li>
          <a href="/open-data/needs-by-domain-month.csv" type="text/csv" download>
            needs-by-domain-month.csv
          </a>{" "}
          · {t("openData.csv")}
        </li>
        <li>
          <a href="/open-data/needs-by-domain-month.json" type="application/json">
            needs-by-domain-month.json
          </a>{" "}
          · {t("openData.json")}
        </li>
      </ul>
      <h3>{t("openData.evaluation")}</h3>
      <p>{t("openData.evaluationText")}</p>
      <ul>
        <li>
          <a href="/open-data/evaluation.csv" type="text/csv" download>
            evaluation.csv
          </a>{" "}
          · {t("openData.csv")}
        </li>
        <li>
          <a href="/open-data/evaluation.json" type="application/json">
            evaluation.json
          </a>{" "}
          · {t("openData.evaluationJson", { version: props.evaluationVersion })}
        </li>
      </ul>
      <h2 id="licence">{t("openData.licence")}</h2>
      <p>
        <a href={props.licenceUrl} rel="license">
          {t("openData.licenceName")}
        </a>
        . {t("openData.licenceText", { name: props.instanceName })}
      </p>
      <h2 id="which">{t("openData.which")}</h2>
      <p>{t("openData.whichText")}</p>
      <p>{t("openData.monthText")}</p>
      <h2 id="small-numbers">{t("openData.rule")}</h2>
      <p>{t("openData.ruleText")}</p>
      <p>{t("openData.ruleDerived")}</p>
      <h2 id="columns">{t("openData.columns")}</h2>
      <ColumnTable t={t} labelledBy="columns">
        {props.columns.map((column) => (
          <tr>
            <th scope="row">
              <code>{column}</code>
            </th>
            <td>{t(`openData.col.${column}`)}</td>
          </tr>
        ))}
      </ColumnTable>
      <h2 id="evaluation-columns">{t("openData.evColumns")}</h2>
      <p>{t("openData.evRule")}</p>
      <p>{t("openData.evVersion", { version: props.evaluationVersion })}</p>
      <ColumnTable t={t} labelledBy="evaluation-columns">
        {props.evaluationColumns.map((column) => (
          <tr>
            <th scope="row">
              <code>{column}</code>
            </th>
            <td>{t(`openData.ev.${column}` as "openData.ev.breakdown")}</td>
          </tr>
        ))}
        {props.distributions.map(({ prefix, columns }) => (
          <tr>
            <th scope="row">
              <code>{columns[0]}</code> … <code>{columns.at(-1)}</code>
            </th>
            <td>{t(`openData.dist.${prefix}` as "openData.dist.ratings")}</td>
          </tr>
        ))}
      </ColumnTable>
      <h3 id="buckets">{t("openData.buckets")}</h3>
      <p>{t("openData.bucketsText")}</p>
      <section class="table-scroll" tabindex={0} aria-labelledby="buckets">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("openData.bucketSuffix")}</th>
              <th scope="col">{t("openData.bucketRange")}</th>
            </tr>
          </thead>
          <tbody>
            {props.buckets.map((b) => (
              <tr>
                <th scope="row">
                  <code>_{b.suffix}</code>
                </th>
                <td>{b.to === null ? t("openData.bucketFrom", { from: b.from }) : t("openData.bucket", { from: b.from, to: b.to })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h2 id="hub">{t("openData.hub")}</h2>
      <p>{t("openData.hubText")}</p>
      <p>
        <code class="url">{props.hubFeed}</code>
      </p>
    </Layout>
  );
}

/** A file's columns and what each means, scrollable on a phone (and so focusable, for keyboards). */
function ColumnTable(props: { t: PageProps["t"]; labelledBy: string; children: unknown }) {
  const { t } = props;
  return (
    <section class="table-scroll" tabindex={0} aria-labelledby={props.labelledBy}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("openData.column")}</th>
            <th scope="col">{t("openData.meaning")}</th>
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </section>
  );
}
