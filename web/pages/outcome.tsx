// The outcome form of a need or of one session (src/domain/outcomes/outcomes.ts): who
// came, the hours, the people helped, what worked and what did not, pre-filled. It says
// not to name the person helped, and that each volunteer will be asked one question.
import type { OutcomeDraft } from "../../src/domain/outcomes/outcomes.ts";
import { Csrf } from "../components.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export interface OutcomePageProps extends PageProps {
  draft: OutcomeDraft;
  /** A session's start in words, for a recurring need's session. */
  when: string | null;
  /** Each past session's start in words, by its ISO start. */
  sessions: Record<string, string>;
  /** The day the outcome was confirmed, in words. */
  confirmedOn: string | null;
  error?: string;
  saved?: boolean;
}

export function OutcomePage(props: OutcomePageProps) {
  const { t, draft } = props;
  const action = `/coordinate/needs/${draft.need.id}/outcome${draft.occurrence ? `?occurrence=${encodeURIComponent(draft.occurrence)}` : ""}`;
  return (
    <Layout {...props} title={t("outcome.title", { title: draft.need.title })}>
      <h1>{t("outcome.title", { title: draft.need.title })}</h1>
      <p class="lead">{props.when ? t("outcome.occurrence", { when: props.when }) : t("outcome.whole")}</p>
      <FormStatus done={props.saved ? t("outcome.done") : undefined} error={props.error} />
      <p>{t("outcome.intro")}</p>
      <p class="notice" id="no-beneficiary">
        <strong>{t("outcome.noBeneficiary")}</strong>
      </p>
      {props.confirmedOn ? <p class="hint">{t("outcome.confirmedOn", { date: props.confirmedOn })}</p> : null}
      <form method="post" action={action}>
        <Csrf token={props.signedIn?.csrf} />
        <fieldset>
          <legend>{t("outcome.participants")}</legend>
          {draft.participants.length === 0 ? (
            <p>{t("outcome.noParticipant")}</p>
          ) : (
            <>
              <p class="hint">{t("outcome.participantsHint")}</p>
              {draft.participants.map((p) => (
                <label>
                  <input type="checkbox" name="participants" value={p.applicationId} checked={p.came} /> {p.name}
                  {p.remote ? ` ${t("outcome.remote")}` : ""}
                </label>
              ))}
            </>
          )}
        </fieldset>
        <label for="hours_per_volunteer">{t("outcome.hours")}</label>
        <p class="hint" id="hours-hint">
          {t("outcome.hoursHint")}
        </p>
        <input id="hours_per_volunteer" name="hours_per_volunteer" type="number" min="0" step="0.25" value={String(draft.hoursPerVolunteer)} aria-describedby="hours-hint" required />
        <label for="people_helped">{t("outcome.people")}</label>
        <input id="people_helped" name="people_helped" type="number" min="0" step="1" value={String(draft.peopleHelped)} required />
        <label for="worked">{t("outcome.worked")}</label>
        <p class="hint" id="worked-hint">
          {t("outcome.textHint")}
        </p>
        <textarea id="worked" name="worked" rows={3} maxlength={5000} aria-describedby="worked-hint no-beneficiary">
          {draft.worked}
        </textarea>
        <label for="not_worked">{t("outcome.notWorked")}</label>
        <textarea id="not_worked" name="not_worked" rows={3} maxlength={5000} aria-describedby="worked-hint no-beneficiary">
          {draft.notWorked}
        </textarea>
        {draft.occurrence ? null : (
          <>
            <label for="testimony">{t("outcome.testimony")}</label>
            <p class="hint" id="testimony-hint">
              {t("outcome.testimonyHint")}
            </p>
            <textarea id="testimony" name="testimony" rows={3} maxlength={5000} aria-describedby="testimony-hint no-beneficiary">
              {draft.testimony}
            </textarea>
          </>
        )}
        <p class="hint">{t("outcome.survey")}</p>
        <button type="submit">{t("outcome.confirm")}</button>
      </form>
      {draft.occurrences.length > 0 ? (
        <section aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">{t("outcome.occurrences")}</h2>
          <ul>
            {draft.occurrences
              .slice()
              .reverse()
              .map((o) => (
                <li>
                  <a href={`/coordinate/needs/${draft.need.id}/outcome?occurrence=${encodeURIComponent(o.start)}`} aria-current={o.start === draft.occurrence ? "page" : undefined}>
                    {props.sessions[o.start] ?? o.start}
                  </a>{" "}
                  ({o.confirmed ? t("outcome.occurrenceDone") : t("outcome.occurrenceTodo")})
                </li>
              ))}
          </ul>
          <p>
            <a href={`/coordinate/needs/${draft.need.id}/outcome`}>{t("outcome.whole")}</a>
          </p>
        </section>
      ) : null}
      <p>
        <a href={`/coordinate/needs/${draft.need.id}/applications`}>{t("outcome.back")}</a>
      </p>
    </Layout>
  );
}
