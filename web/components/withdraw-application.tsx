// In "my space": withdraw an offer of help still pending or accepted, to a need of this
// instance or of another server (whose organisation is told). A form posted with the
// session's CSRF token; the page it leads back to says it was done.
import { Csrf } from "../components.tsx";
import type { Translate } from "../i18n/index.ts";

export function WithdrawApplication(props: {
  t: Translate;
  csrf?: string;
  application: { id?: string; title: string; status: string };
}) {
  const { t, application: a } = props;
  if (!a.id || (a.status !== "pending" && a.status !== "accepted")) return null;
  return (
    <form method="post" action={`/me/applications/${a.id}/withdraw`} class="inline">
      <Csrf token={props.csrf} />
      <button type="submit" class="secondary" aria-label={t("me.withdrawLabel", { title: a.title })}>
        {t("me.withdraw")}
      </button>
    </form>
  );
}
