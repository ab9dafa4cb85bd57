// My alerts: the list (each with its delete button) and the form for a new one;
// and the page an unsubscribe link opens. Plain forms: no JavaScript needed.
import type { Alert } from "../../src/domain/alerts/alerts.ts";
import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import { Csrf, FieldError, type FieldErrors, describedBy } from "../components.tsx";
import { FormStatus } from "../components/form-status.tsx";
import type { Translate } from "../i18n/index.ts";
import { Layout, type PageProps } from "../layout.tsx";

export interface AlertFormValues {
  domains: string[];
  area: string;
  place: string;
  latitude: string;
  longitude: string;
  radius: string;
}

export const emptyAlertValues = (): AlertFormValues => ({ domains: [], area: "anywhere", place: "", latitude: "", longitude: "", radius: "10" });

export interface AlertsPageProps extends PageProps {
  alerts: Alert[];
  domains: readonly DomainTerm[];
  values: AlertFormValues;
  errors?: FieldErrors;
  done?: string;
}

function areaText(alert: Alert, t: Translate): string {
  const area = alert.area;
  if (area.kind === "anywhere") return t("alerts.anywhere");
  if (area.kind === "remote") return t("alerts.remote");
  return t("alerts.near", { radius: area.radiusKm, place: area.place ?? `${area.latitude}, ${area.longitude}` });
}

/**
 * What went wrong, at the top of the page, each linking to its field: the form is below the
 * list of alerts and twenty domains, and its errors would otherwise be out of sight.
 */
function ErrorLinks({ errors }: { errors?: FieldErrors }) {
  const fields = Object.entries(errors ?? {}).filter(([name]) => name !== "_form");
  if (fields.length === 0) return null;
  return (
    <div class="error" role="alert">
      <ul>
        {fields.map(([name, message]) => (
          <li>
            <a href={name === "domains" ? "#alerts-new" : `#alert-${name}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AlertsPage(props: AlertsPageProps) {
  const { t, lang, errors, values: v } = props;
  const csrf = props.signedIn?.csrf;
  const label = (slug: string) => props.domains.find((d) => d.slug === slug)?.label[lang] ?? slug;
  const input = (name: keyof AlertFormValues, key: Parameters<Translate>[0], extra: Record<string, string> = {}) => (
    <>
      <label for={`alert-${name}`}>{t(key)}</label>
      <input id={`alert-${name}`} name={name} value={v[name] as string} {...describedBy(errors, name)} {...extra} />
      <FieldError errors={errors} name={name} />
    </>
  );
  return (
    <Layout {...props} title={t("alerts.title")}>
      <h1>{t("alerts.title")}</h1>
      <FormStatus done={props.done} error={errors?._form} />
      <ErrorLinks errors={errors} />
      <p>{t("alerts.intro")}</p>
      <section aria-labelledby="alerts-mine">
        <h2 id="alerts-mine">{t("alerts.mine")}</h2>
        {props.alerts.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("alerts.domainsColumn")}</th>
                <th scope="col">{t("alerts.areaColumn")}</th>
                <th scope="col">{t("alerts.actionsColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {props.alerts.map((a) => {
                const names = a.domains.map(label).join(", ");
                return (
                  <tr>
                    <td>{names}</td>
                    <td>{areaText(a, t)}</td>
                    <td>
                      <form method="post" action={`/me/alerts/${a.id}/delete`}>
                        <Csrf token={csrf} />
                        <button type="submit" aria-label={t("alerts.deleteLabel", { domains: names })}>
                          {t("alerts.delete")}
                        </button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p>{t("alerts.none")}</p>
        )}
      </section>
      <section aria-labelledby="alerts-new">
        <h2 id="alerts-new">{t("alerts.new")}</h2>
        <form method="post" action="/me/alerts">
          <Csrf token={csrf} />
          <fieldset {...describedBy(errors, "domains")}>
            <legend>{t("alerts.domains")}</legend>
            {props.domains.map((d) => (
              <label>
                <input type="checkbox" name="domains" value={d.slug} checked={v.domains.includes(d.slug)} /> {d.label[lang]}
              </label>
            ))}
          </fieldset>
          <FieldError errors={errors} name="domains" />
          <fieldset>
            <legend>{t("alerts.where")}</legend>
            {(["anywhere", "near", "remote"] as const).map((kind) => (
              <label>
                <input type="radio" name="area" value={kind} checked={v.area === kind} />{" "}
                {t(kind === "anywhere" ? "alerts.anywhere" : kind === "remote" ? "alerts.remote" : "alerts.nearChoice")}
              </label>
            ))}
            <p class="hint" id="alert-place-hint">
              {t("alerts.placeHint")}
            </p>
            {input("place", "alerts.place", {
              type: "text",
              maxlength: "100",
              "aria-describedby": errors?.place ? "alert-place-hint place-error" : "alert-place-hint",
            })}
            {input("latitude", "alerts.latitude", { type: "text", inputmode: "decimal" })}
            {input("longitude", "alerts.longitude", { type: "text", inputmode: "decimal" })}
            {input("radius", "alerts.radius", { type: "number", min: "1", max: "200", step: "1" })}
          </fieldset>
          <button type="submit">{t("alerts.create")}</button>
        </form>
      </section>
    </Layout>
  );
}

export function UnsubscribePage(props: PageProps & { token: string; state: "ask" | "done" | "invalid" }) {
  const { t } = props;
  return (
    <Layout {...props} title={t("unsubscribe.title")}>
      <h1>{t("unsubscribe.title")}</h1>
      {props.state === "ask" ? (
        <form method="post" action={`/alerts/unsubscribe?token=${encodeURIComponent(props.token)}`}>
          <Csrf token={props.signedIn?.csrf} />
          <p>{t("unsubscribe.question")}</p>
          <button type="submit">{t("unsubscribe.submit")}</button>
        </form>
      ) : props.state === "done" ? (
        <p class="notice" role="status">
          {t("unsubscribe.done")} <a href="/me/alerts">{t("unsubscribe.manage")}</a>
        </p>
      ) : (
        <p class="error" role="alert">
          {t("unsubscribe.invalid")} <a href="/me/alerts">{t("unsubscribe.manage")}</a>
        </p>
      )}
    </Layout>
  );
}
