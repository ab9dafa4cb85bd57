// The open-data page: the files, their licence, which needs count, the small-numbers rule, the columns.
import type { DomainMonthColumn } from "../../src/domain/open-data/indicators.ts";
import { Layout, type OpenGraph, type PageProps } from "../layout.tsx";

export interface OpenDataProps extends PageProps {
  /** The columns of needs-by-domain-month, in order. */
  columns: DomainMonthColumn[];
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
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("openData.column")}</th>
              <th scope="col">{t("openData.meaning")}</th>
            </tr>
          </thead>
          <tbody>
            {props.columns.map((column) => (
              <tr>
                <th scope="row">
                  <code>{column}</code>
                </th>
                <td>{t(`openData.col.${column}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="hub">{t("openData.hub")}</h2>
      <p>{t("openData.hubText")}</p>
      <p>
        <code class="url">{props.hubFeed}</code>
      </p>
    </Layout>
  );
}
