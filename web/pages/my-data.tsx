// "My data": what the instance holds about me, readable (GDPR art. 15), the same as
// a JSON file to download (art. 20), and the deletion of the account (art. 17).
import { When } from "../components/when.tsx";
import type { PersonalDataExport } from "../../src/domain/privacy/export.ts";
import { Csrf, FieldError, type FieldErrors, describedBy } from "../components.tsx";
import type { Lang, Translate } from "../i18n/index.ts";
import { Layout, type PageProps } from "../layout.tsx";

export interface MyDataPageProps extends PageProps {
  data: PersonalDataExport;
  errors?: FieldErrors;
}

type Row = Record<string, unknown>;
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** A stored value as people read it: a moment in ISO form as a date (exact value kept in <time datetime>). */
function dataValue(value: unknown, lang: Lang) {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "object") return JSON.stringify(value);
  if (typeof value === "string" && ISO_MOMENT.test(value)) return <When lang={lang} iso={value} time={value.length > 10} />;
  return String(value);
}

/** One kind of rows, as a table of its fields (or "none"). */
function Section(props: { id: string; title: string; rows: Row[]; t: Translate; lang: Lang }) {
  const columns = [...new Set(props.rows.flatMap((r) => Object.keys(r)))];
  const cell = (value: unknown) => dataValue(value, props.lang);
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>
        {props.title} ({props.rows.length})
      </h2>
      {props.rows.length ? (
        // Focusable, named by its heading: a table wider than the screen scrolls by keyboard too (axe: scrollable-region-focusable).
        <section class="table-scroll" tabindex={0} aria-labelledby={props.id}>
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th scope="col">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  {columns.map((c) => (
                    <td>{cell(r[c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        <p>{props.t("data.none")}</p>
      )}
    </section>
  );
}

export function MyDataPage(props: MyDataPageProps) {
  const { t, data, errors } = props;
  const csrf = props.signedIn?.csrf;
  const sections: [keyof PersonalDataExport, Parameters<Translate>[0]][] = [
    ["organisations", "data.organisations"],
    ["applications", "data.applications"],
    ["applications_elsewhere", "data.applicationsElsewhere"],
    ["messages", "data.messages"],
    ["offers", "data.offers"],
    ["alerts", "data.alerts"],
    ["needs_mailed_about", "data.mailed"],
    ["following", "data.following"],
    ["followers", "data.followers"],
    ["sessions", "data.sessions"],
    ["api_tokens", "data.tokens"],
    ["password_resets", "data.resets"],
    ["reports_sent", "data.reports"],
    ["consents", "data.consents"],
    ["safeguarding_checks", "data.safeguardingChecks"],
  ];
  return (
    <Layout {...props} title={t("data.title")}>
      <h1>{t("data.title")}</h1>
      <p>{t("data.intro")}</p>
      <p>
        <a class="download" href="/me/data.json" download>
          {t("data.download")}
        </a>
      </p>
      <section aria-labelledby="data-account">
        <h2 id="data-account">{t("data.account")}</h2>
        <dl>
          {Object.entries(data.account).map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{dataValue(v, props.lang)}</dd>
            </>
          ))}
        </dl>
      </section>
      {sections.map(([key, title]) => (
        <Section id={`data-${key}`} title={t(title)} rows={data[key] as Row[]} t={t} lang={props.lang} />
      ))}
      <section aria-labelledby="data-delete">
        <h2 id="data-delete">{t("data.delete")}</h2>
        <p>{t("data.deleteExplained")}</p>
        <form method="post" action="/me/delete">
          <Csrf token={csrf} />
          <label for="delete-password">{t("data.deletePassword")}</label>
          <input id="delete-password" name="password" type="password" autocomplete="current-password" required {...describedBy(errors, "password")} />
          <FieldError errors={errors} name="password" />
          <button type="submit" class="danger">
            {t("data.deleteSubmit")}
          </button>
        </form>
      </section>
    </Layout>
  );
}

/** After the deletion: said once, on a page of its own (the visitor is signed out). */
export function AccountErasedPage(props: PageProps) {
  const { t } = props;
  return (
    <Layout {...props} title={t("data.erased")}>
      <h1>{t("data.erased")}</h1>
      <p role="status">{t("data.erasedExplained")}</p>
      <p>
        <a href="/">{t("data.home")}</a>
      </p>
    </Layout>
  );
}
