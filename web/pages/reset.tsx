import { FieldError, type FieldErrors, describedBy } from "../components.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export function ResetRequestPage(props: PageProps & { sent?: boolean }) {
  const { t } = props;
  return (
    <Layout {...props} title={t("reset.title")}>
      <h1>{t("reset.title")}</h1>
      {props.sent ? (
        <p class="notice" role="status">
          {t("reset.sent")}
        </p>
      ) : (
        <form method="post" action="/password-reset">
          <p>{t("reset.intro")}</p>
          <label for="email">{t("reset.email")}</label>
          <input id="email" name="email" type="email" autocomplete="email" required />
          <button type="submit">{t("reset.submit")}</button>
        </form>
      )}
    </Layout>
  );
}

export function ResetChoosePage(props: PageProps & { token: string; valid: boolean; errors?: FieldErrors }) {
  const { t, errors } = props;
  return (
    <Layout {...props} title={t("reset.choose")}>
      <h1>{t("reset.choose")}</h1>
      {props.valid ? (
        <form method="post" action={`/password-reset/${props.token}`}>
          <label for="password">{t("reset.newPassword")}</label>
          <input id="password" name="password" type="password" autocomplete="new-password" required {...describedBy(errors, "password")} />
          <FieldError errors={errors} name="password" />
          <button type="submit">{t("reset.choose")}</button>
        </form>
      ) : (
        <p class="error" role="alert">
          {t("reset.invalid")} <a href="/password-reset">{t("reset.title")}</a>
        </p>
      )}
    </Layout>
  );
}
