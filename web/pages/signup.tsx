import { FieldError, type FieldErrors, FormAlert, describedBy } from "../components.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export interface SignupValues {
  username: string;
  email: string;
  displayName: string;
  /** What was declared of the age: adult, minor_with_guardian_consent, or "" (nothing). */
  age?: string;
}

/** Who may sign up (the instance's settings): from which age, and whether minors may with a guardian's consent. */
export interface SignupAges {
  minimumAge: number;
  minors: boolean;
}

export function SignupPage(
  props: PageProps & { values?: SignupValues; errors?: FieldErrors; closed?: boolean; sent?: boolean; next?: string; ages?: SignupAges },
) {
  const { t, errors } = props;
  // Where the visitor was going (a need's page), a path on this site: kept on the way back.
  const login = props.next ? `/login?next=${encodeURIComponent(props.next)}` : "/login";
  const v = props.values ?? { username: "", email: "", displayName: "" };
  if (props.sent) {
    // Said whether or not the address already had an account: only its mailbox learns which.
    // Nothing of what was sent is shown, so that the two answers are the same bytes.
    return (
      <Layout {...props} title={t("signup.title")}>
        <h1>{t("signup.title")}</h1>
        <p class="notice" role="status">
          {t("signup.sent")}
        </p>
        {props.next ? <p>{t("signup.backTo")}</p> : null}
        <p>
          <a href={login}>{t("signup.login")}</a>
        </p>
      </Layout>
    );
  }
  if (props.closed) {
    return (
      <Layout {...props} title={t("signup.title")}>
        <h1>{t("signup.title")}</h1>
        <p class="error" role="alert">
          {t("error.registrations_closed")}
        </p>
        <p>{t("signup.closedHint")}</p>
        <p>
          <a href={login}>{t("layout.login")}</a> · <a href="/about#contact">{t("about.contact")}</a>
        </p>
      </Layout>
    );
  }
  return (
    <Layout {...props} title={t("signup.title")}>
      <h1>{t("signup.title")}</h1>
      <FormAlert errors={errors} t={t} />
      <form method="post" action="/signup" novalidate>
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <label for="username">{t("signup.username")}</label>
        <p class="hint" id="username-hint">
          {t("signup.usernameHint")}
        </p>
        <input id="username" name="username" type="text" autocomplete="username" required value={v.username}
          aria-describedby={errors?.username ? "username-hint username-error" : "username-hint"}
          aria-invalid={errors?.username ? "true" : undefined} />
        <FieldError errors={errors} name="username" />
        <label for="email">{t("signup.email")}</label>
        <input id="email" name="email" type="email" autocomplete="email" required value={v.email} {...describedBy(errors, "email")} />
        <FieldError errors={errors} name="email" />
        <label for="password">{t("signup.password")}</label>
        <p class="hint" id="password-hint">
          {t("signup.passwordHint")}
        </p>
        <input id="password" name="password" type="password" autocomplete="new-password" required
          aria-describedby={errors?.password ? "password-hint password-error" : "password-hint"}
          aria-invalid={errors?.password ? "true" : undefined} />
        <FieldError errors={errors} name="password" />
        <label for="displayName">{t("signup.displayName")}</label>
        <input id="displayName" name="displayName" type="text" autocomplete="name" value={v.displayName} />
        {props.ages ? (
          <>
            <fieldset {...describedBy(errors, "age")}>
              <legend>{t("signup.age")}</legend>
              <label>
                <input type="radio" name="age" value="adult" required checked={v.age === "adult"} /> {t("signup.ageAdult")}
              </label>
              {props.ages.minors ? (
                <label>
                  <input type="radio" name="age" value="minor_with_guardian_consent" checked={v.age === "minor_with_guardian_consent"} />{" "}
                  {t("signup.ageMinor", { age: props.ages.minimumAge })}
                </label>
              ) : null}
            </fieldset>
            <p class="hint">{t(props.ages.minors ? "signup.ageHint" : "signup.ageHintAdults")}</p>
            <FieldError errors={errors} name="age" />
          </>
        ) : null}
        <p>
          <input id="consent" name="consent" type="checkbox" value="yes" required {...describedBy(errors, "consent")} />{" "}
          <label for="consent" class="inline">
            {t("signup.consent")}
          </label>{" "}
          (<a href="/about#rules">{t("about.rules")}</a>, <a href="/about#charter">{t("about.charter")}</a>, <a href="/about#privacy">{t("about.privacy")}</a>)
        </p>
        <FieldError errors={errors} name="consent" />
        <button type="submit">{t("signup.submit")}</button>
      </form>
    </Layout>
  );
}
