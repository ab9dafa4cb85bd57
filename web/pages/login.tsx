import { FormStatus } from "../components/form-status.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export function LoginPage(props: PageProps & { csrf: string; error?: string; login?: string; next?: string; notice?: string }) {
  const { t } = props;
  return (
    <Layout {...props} title={t("login.title")}>
      <h1>{t("login.title")}</h1>
      <FormStatus done={props.notice} error={props.error} />
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <label for="login">{t("login.login")}</label>
        <input id="login" name="login" type="text" autocomplete="username" required value={props.login ?? ""} />
        <label for="password">{t("login.password")}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">{t("login.submit")}</button>
      </form>
      <p>
        <a href="/password-reset">{t("login.forgot")}</a>
      </p>
      <p>
        <a href={props.next ? `/signup?next=${encodeURIComponent(props.next)}` : "/signup"}>{t("login.noAccount")}</a>
      </p>
    </Layout>
  );
}
