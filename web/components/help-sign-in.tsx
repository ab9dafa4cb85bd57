// For a visitor not signed in, on a need's page or its teaser: "I can help" is the main
// button, to the login form, and sign-up is offered too; both carry the need's address
// as `next`, so the visitor comes back to it signed in, with the application form.
import type { Translate } from "../i18n/index.ts";

export function HelpSignIn({ t, needId }: { t: Translate; needId: string }) {
  const next = encodeURIComponent(`/needs/${needId}`);
  return (
    <div class="help">
      <p>
        <a class="button" href={`/login?next=${next}`}>
          {t("help.main")}
        </a>
      </p>
      <p class="hint">
        {t("help.signIn")}. {t("help.or")} <a href={`/signup?next=${next}`}>{t("help.signUp")}</a>. {t("help.back")}
      </p>
    </div>
  );
}
