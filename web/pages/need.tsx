import type { PublishedNeed } from "../../src/domain/needs/model.ts";
import { Csrf } from "../components.tsx";
import { HelpSignIn } from "../components/help-sign-in.tsx";
import { VolunteerDetailsBlock } from "../components/volunteer-details.tsx";
import type { VolunteerDetails } from "../../src/domain/volunteer-details/details.ts";
import type { Translate } from "../i18n/index.ts";
import { Layout, type OpenGraph, type PageProps } from "../layout.tsx";

export interface NeedPageProps extends PageProps {
  need: PublishedNeed;
  /** The schedule in words ("chaque mardi, 14:00–16:00"). */
  when: string;
  deadline?: string;
  domainLabels: string[];
  /** @asso@host */
  orgAddress: string;
  canApply: boolean;
  /** The count of volunteers and, when it takes no more, why: the words of the Note and the API (web/i18n/need-words.ts). */
  count: string;
  closed: string | null;
  /** For the signed-in volunteer whose application is accepted (the access policy decided): address, contact, practical details. */
  volunteerDetails?: VolunteerDetails;
  /** The viewer's own application that still counts: the page says so instead of offering the form again. */
  myApplication?: "pending" | "accepted" | null;
  error?: string;
  og: OpenGraph;
  /** For a recurring need: its next occurrences, to answer for some only (value: ISO start; label: in words). */
  occurrences?: { value: string; label: string }[];
}

export function placeText(need: { place: Pick<PublishedNeed["place"], "label" | "mode"> }, t: Translate): string {
  if (need.place.mode === "remote") return t("need.remote");
  if (need.place.mode === "both") return t("need.orRemote", { place: need.place.label });
  return need.place.label;
}

export function RemoteFollow({ t, address }: { t: Translate; address: string }) {
  return (
    <form method="get" action="/remote-follow">
      <input type="hidden" name="account" value={address} />
      <label for="instance">{t("need.remoteFollowLabel")}</label>
      <input id="instance" name="instance" type="text" autocomplete="url" inputmode="url" required />
      <button type="submit">{t("need.remoteFollowSubmit")}</button>
    </form>
  );
}

export function NeedPage(props: NeedPageProps) {
  const { need, t } = props;
  return (
    <Layout {...props} title={need.title} feed={`/@${need.organization.handle}/feed.xml`}>
      <article>
        <h1>{need.title}</h1>
        <p>
          {t("need.by")} <a href={`/@${need.organization.handle}`}>{need.organization.name}</a>
        </p>
        {props.error ? (
          <p class="error" role="alert">
            {props.error}
          </p>
        ) : null}
        <ul>
          <li>
            📅 {props.when}
            {need.schedule.kind !== "flexible" ? (
              <>
                {" "}
                (<a href={`/needs/${need.id}/calendar.ics`}>{t("need.calendar")}</a>)
              </>
            ) : null}
          </li>
          <li>📍 {placeText(need, t)}</li>
          <li>
            👥 {props.count}
          </li>
          {props.deadline ? <li>⏳ {t("need.deadline", { date: props.deadline })}</li> : null}
          <li>{t("need.domains", { list: props.domainLabels.join(", ") })}</li>
        </ul>
        {need.safeguarding ? (
          <p class="notice" id="safeguarding">
            🛡️ {t("need.safeguarding")}
          </p>
        ) : null}
        {props.volunteerDetails ? <VolunteerDetailsBlock t={t} details={props.volunteerDetails} /> : null}
        {need.image ? (
          // Served by this instance at its content-hashed key (src/http/files.ts).
          <figure class="picture">
            <img src={`/files/${need.image.key}`} alt={need.image.alt} width={need.image.width} height={need.image.height} />
          </figure>
        ) : null}
        {/* Sanitised when the need was saved (allow-list HTML). */}
        <div dangerouslySetInnerHTML={{ __html: need.descriptionHtml }} />
        {need.outcome ? (
          <p>
            {t("need.outcome", { hours: need.outcome.volunteerHours, people: need.outcome.peopleHelped })}
            {need.outcome.testimony ? (
              <>
                {" "}
                <q>{need.outcome.testimony}</q>
              </>
            ) : null}
          </p>
        ) : null}
        {props.myApplication ? (
          <p class="notice">
            {t("need.youApplied", { status: t(`app.${props.myApplication}`) })} <a href="/me">{t("nav.me")}</a>
            {need.safeguarding && props.myApplication === "pending" ? (
              <>
                {" "}
                {t("need.safeguardingPending")}
              </>
            ) : null}
          </p>
        ) : props.closed === null ? (
          props.canApply ? (
            <form method="post" action={`/needs/${need.id}/apply`}>
              <Csrf token={props.signedIn?.csrf} />
              <label for="message">{t("need.messageLabel")}</label>
              <textarea id="message" name="message" rows={3} maxlength={5000} />
              {props.occurrences?.length ? (
                <fieldset>
                  <legend>{t("apply.occurrences")}</legend>
                  <p class="hint">{t("apply.occurrencesHint")}</p>
                  {props.occurrences.map((o, i) => (
                    <p>
                      <input id={`occurrence-${i}`} name="occurrences" type="checkbox" value={o.value} />{" "}
                      <label for={`occurrence-${i}`} class="inline">
                        {o.label}
                      </label>
                    </p>
                  ))}
                </fieldset>
              ) : null}
              <input id="share_email" name="share_email" type="checkbox" value="yes" />
              <label for="share_email" class="inline">{t("apply.shareEmail")}</label>
              <button type="submit">{t("need.apply")}</button>
            </form>
          ) : props.signedIn ? null : (
            <HelpSignIn t={t} needId={need.id} />
          )
        ) : (
          <p class="notice closed">{props.closed}</p>
        )}
        <section aria-labelledby="follow" class="follow-second">
          <h2 id="follow">{t("need.follow")}</h2>
          <p>{t("need.followText", { address: props.orgAddress })}</p>
          <RemoteFollow t={t} address={props.orgAddress} />
        </section>
      </article>
    </Layout>
  );
}
