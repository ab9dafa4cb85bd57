import type { Offer } from "../../src/domain/offers/offers.ts";
import { When } from "../components/when.tsx";
import { Csrf, FieldError, type FieldErrors, describedBy } from "../components.tsx";
import { Layout, type PageProps } from "../layout.tsx";
import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import { MyOffers, OfferForm, type OfferFormValues, emptyOfferValues } from "./offer-form.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { type FollowedView, MyOrganizations } from "../components/follows.tsx";
import { WithdrawApplication } from "../components/withdraw-application.tsx";
import { MyVolunteering } from "../components/volunteering.tsx";
import { VolunteerDetailsBlock } from "../components/volunteer-details.tsx";
import type { VolunteerDetails } from "../../src/domain/volunteer-details/details.ts";

export interface MyApplication {
  /** Set for an application that may be withdrawn from here: to a need of this instance, or of another server. */
  id?: string;
  title: string;
  /** The need's page (ours or on another server). */
  url: string;
  /** The raw status (a class name) and its words. */
  status: string;
  statusLabel: string;
  reason: string | null;
  updated: string;
  /** For an accepted application here: its need's address, contact and practical details (the access policy decided). */
  details?: VolunteerDetails;
}

export interface MePageProps extends PageProps {
  displayName: string;
  applications: MyApplication[];
  offers: Offer[];
  domains: readonly DomainTerm[];
  /** What was typed in the offer form, given back when refused. */
  offerValues?: OfferFormValues;
  errors?: FieldErrors;
  /** A change was saved; "password": the password, and the other sessions and tokens ended. */
  saved?: boolean | "password";
  /** Issue 13: the organisations followed, with their open needs. */
  followed?: FollowedView[];
  /** Issue 15: the hours and missions given, and the attestations issued. */
  volunteering?: Omit<Parameters<typeof MyVolunteering>[0], "t" | "csrf">;
}

export function MePage(props: MePageProps) {
  const { t, errors } = props;
  const csrf = props.signedIn?.csrf;
  return (
    <Layout {...props} title={t("me.title")}>
      <h1>{t("me.title")}</h1>
      <FormStatus done={props.saved === "password" ? t("me.passwordChanged") : props.saved ? t("me.saved") : undefined} error={errors?._form} />
      <section aria-labelledby="apps-heading">
        <h2 id="apps-heading">{t("me.applications")}</h2>
        {props.applications.length ? (
          <div class="table-scroll"><table>
            <thead>
              <tr>
                <th scope="col">{t("me.mission")}</th>
                <th scope="col">{t("me.status")}</th>
                <th scope="col">{t("me.date")}</th>
                <th scope="col">{t("me.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {props.applications.map((a) => (
                <tr>
                  <td>
                    <a href={a.url}>{a.title}</a>
                  </td>
                  <td class={`status-${a.status}`}>
                    {a.statusLabel}
                    {a.reason ? ` (${a.reason})` : ""}
                  </td>
                  <td>
                    <When lang={props.lang} iso={a.updated} />
                  </td>
                  <td>
                    <WithdrawApplication t={t} csrf={csrf} application={a} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table></div>
        ) : (
          <p>{t("me.noApplications")}</p>
        )}
        {props.applications.map((a) =>
          a.details ? (
            <>
              <h3>
                <a href={a.url}>{a.title}</a>
              </h3>
              <VolunteerDetailsBlock t={t} details={a.details} headingLevel={3} />
            </>
          ) : null,
        )}
      </section>
      {props.volunteering ? <MyVolunteering t={t} csrf={csrf} {...props.volunteering} /> : null}
      {props.followed ? <MyOrganizations t={t} csrf={csrf} followed={props.followed} /> : null}
      <section aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">{t("me.alerts")}</h2>
        <p>
          {t("me.alertsIntro")} <a href="/me/alerts">{t("alerts.title")}</a>
        </p>
      </section>
      <section aria-labelledby="offers-heading">
        <h2 id="offers-heading">{t("me.offers")}</h2>
        {props.offers.length ? <MyOffers t={t} csrf={csrf} offers={props.offers} /> : <p>{t("me.noOffers")}</p>}
        <h3 id="offer-form">{t("offerForm.title")}</h3>
        <p class="hint">{t("offerForm.intro")}</p>
        <OfferForm t={t} lang={props.lang} csrf={csrf} domains={props.domains} values={props.offerValues ?? emptyOfferValues()} errors={errors} />
      </section>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("me.profile")}</h2>
        <form method="post" action="/me/profile">
          <Csrf token={csrf} />
          <label for="displayName">{t("me.displayName")}</label>
          <input id="displayName" name="displayName" type="text" autocomplete="name" required value={props.displayName}
            {...describedBy(errors, "displayName")} />
          <FieldError errors={errors} name="displayName" />
          <button type="submit">{t("me.save")}</button>
        </form>
        <h3>{t("me.passwordChange")}</h3>
        <form method="post" action="/me/password">
          <Csrf token={csrf} />
          <label for="current">{t("me.currentPassword")}</label>
          <input id="current" name="current" type="password" autocomplete="current-password" required {...describedBy(errors, "current")} />
          <FieldError errors={errors} name="current" />
          <label for="password">{t("me.newPassword")}</label>
          <input id="password" name="password" type="password" autocomplete="new-password" required {...describedBy(errors, "password")} />
          <FieldError errors={errors} name="password" />
          <button type="submit">{t("me.save")}</button>
        </form>
      </section>
      <p>
        <a href="/me/data">{t("me.myData")}</a>
      </p>
    </Layout>
  );
}
