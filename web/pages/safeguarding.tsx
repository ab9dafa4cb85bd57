// An organisation's safeguarding checks, for its coordinators (issue 14): who was met
// and checked before being accepted on needs with minors or vulnerable adults, a form
// to record a check, and a button to revoke one. Never shown to anyone else.
import { When } from "../components/when.tsx";
import { formatDay } from "../i18n/format.ts";
import type { SafeguardingCheck } from "../../src/domain/safeguarding/checks.ts";
import { Csrf, FieldError, type FieldErrors, FormAlert, describedBy } from "../components.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export interface SafeguardingPageProps extends PageProps {
  organization: { handle: string; name: string };
  checks: (SafeguardingCheck & { counts: boolean })[];
  /** The form's values (a username given by the applications page, or what was sent). */
  values: { username: string; note: string; expires: string; identity_seen: boolean; record_seen: boolean };
  errors?: FieldErrors;
  done?: string;
  /** The page to go back to after recording (an application's need), when it came from there. */
  back?: string;
}

export function SafeguardingPage(props: SafeguardingPageProps) {
  const { t, organization, errors, values: v } = props;
  const csrf = props.signedIn?.csrf;
  const title = t("checks.title", { name: organization.name });
  const base = `/coordinate/organizations/${organization.handle}/safeguarding`;
  return (
    <Layout {...props} title={title}>
      <h1>{title}</h1>
      <FormStatus done={props.done} />
      <p>{t("checks.intro")}</p>
      <section aria-labelledby="record-heading">
        <h2 id="record-heading">{t("checks.record")}</h2>
        <FormAlert errors={errors} t={t} />
        <form method="post" action={base}>
          <Csrf token={csrf} />
          {props.back ? <input type="hidden" name="back" value={props.back} /> : null}
          <label for="username">{t("checks.username")}</label>
          <input id="username" name="username" type="text" required maxlength={100} value={v.username} {...describedBy(errors, "username")} />
          <FieldError errors={errors} name="username" />
          <fieldset>
            <legend>{t("checks.seen")}</legend>
            <label>
              <input type="checkbox" name="identity_seen" value="yes" checked={v.identity_seen} /> {t("checks.identity")}
            </label>
            <label>
              <input type="checkbox" name="record_seen" value="yes" checked={v.record_seen} /> {t("checks.recordCheck")}
            </label>
          </fieldset>
          <p class="hint">{t("checks.bothNeeded")}</p>
          <label for="expires">{t("checks.expires")}</label>
          <input id="expires" name="expires" type="date" value={v.expires} aria-describedby="expires-hint" {...describedBy(errors, "expires")} />
          <p class="hint" id="expires-hint">{t("checks.expiresHint")}</p>
          <FieldError errors={errors} name="expires" />
          <label for="note">{t("checks.note")}</label>
          <textarea id="note" name="note" rows={3} maxlength={2000}>
            {v.note}
          </textarea>
          <button type="submit">{t("checks.save")}</button>
        </form>
      </section>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">{t("checks.list")}</h2>
        {props.checks.length === 0 ? (
          <p>{t("checks.none")}</p>
        ) : (
          <section class="table-scroll" tabindex={0} aria-labelledby="list-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("checks.volunteer")}</th>
                  <th scope="col">{t("checks.when")}</th>
                  <th scope="col">{t("checks.what")}</th>
                  <th scope="col">{t("checks.state")}</th>
                </tr>
              </thead>
              <tbody>
                {props.checks.map((check) => (
                  <tr>
                    <td>
                      {check.volunteer.name} (@{check.volunteer.username})
                    </td>
                    <td>
                      <When lang={props.lang} iso={check.checked} />
                      {check.checkedBy ? ` · ${t("checks.by", { username: check.checkedBy })}` : ""}
                    </td>
                    <td>
                      {t(check.identitySeen ? "checks.identityYes" : "checks.identityNo")} · {t(check.recordSeen ? "checks.recordYes" : "checks.recordNo")}
                      {check.expires ? ` · ${t("checks.until", { date: formatDay(props.lang, check.expires) })}` : ""}
                      {check.note ? <p class="hint">{check.note}</p> : null}
                    </td>
                    <td>
                      {check.revoked ? (
                        t("checks.revoked", { date: formatDay(props.lang, check.revoked) })
                      ) : (
                        <>
                          <strong>{t(check.counts ? "checks.valid" : "checks.incomplete")}</strong>
                          <form method="post" action={`${base}/${check.id}/revoke`}>
                            <Csrf token={csrf} />
                            <button type="submit" class="secondary" aria-label={t("checks.revokeFor", { username: check.volunteer.username })}>
                              {t("checks.revoke")}
                            </button>
                          </form>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>
    </Layout>
  );
}
