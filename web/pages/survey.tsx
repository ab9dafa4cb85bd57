// The one question after a mission (src/domain/outcomes/survey.ts), opened from the
// notification or from the mail's signed link (then without signing in).
import { Csrf } from "../components.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export interface SurveyPageProps extends PageProps {
  /** Null: the link is not valid. */
  question: { title: string; organization: string; action: string; answered: boolean } | null;
  /** The signed link's token, sent back with the answer (a visitor not signed in). */
  token?: string;
  thanks?: boolean;
  error?: string;
}

export function SurveyPage(props: SurveyPageProps) {
  const { t, question } = props;
  return (
    <Layout {...props} title={t("survey.title")} noindex>
      <h1>{t("survey.title")}</h1>
      <FormStatus done={props.thanks ? t("survey.thanks") : undefined} error={props.error} />
      {!question ? <p>{t("survey.invalid")}</p> : null}
      {question ? <p class="lead">{t("survey.intro", { title: question.title, organization: question.organization })}</p> : null}
      {question?.answered && !props.thanks ? <p>{t("error.survey_answered")}</p> : null}
      {question && !question.answered ? (
        <form method="post" action={question.action}>
          {props.signedIn ? <Csrf token={props.signedIn.csrf} /> : null}
          {props.token ? <input type="hidden" name="token" value={props.token} /> : null}
          <fieldset>
            <legend>{t("survey.rating")}</legend>
            {([1, 2, 3, 4, 5] as const).map((n) => (
              <label>
                <input type="radio" name="rating" value={String(n)} required /> {t(`survey.rating.${n}`)}
              </label>
            ))}
          </fieldset>
          <label for="comment">{t("survey.comment")}</label>
          <textarea id="comment" name="comment" rows={3} maxlength={1000} aria-describedby="anonymous" />
          <p class="hint" id="anonymous">
            {t("survey.anonymous")}
          </p>
          <button type="submit">{t("survey.send")}</button>
        </form>
      ) : null}
    </Layout>
  );
}
