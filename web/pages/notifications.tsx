// My notifications (issue 13): a list, newest first, each item a heading-free
// article with its time and a link to what it is about; mark read; which kinds
// come by mail; and the page of a mail's "stop these mails" link.
import { Csrf } from "../components.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { When } from "../components/when.tsx";
import type { MessageKey } from "../i18n/index.ts";
import { Layout, type PageProps } from "../layout.tsx";
import type { MailChoice, MailKind } from "../../src/domain/notifications/model.ts";

export interface NotificationItem {
  id: string;
  line: string;
  message: string | null;
  href: string;
  created: string;
  read: boolean;
}

const KINDS: readonly MailKind[] = ["application.received", "application.pending", "application.decided", "need.changed", "need.reminder", "need.published", "practice.tried", "need.expired"];

export function NotificationsPage(
  props: PageProps & { items: NotificationItem[]; settings: Record<MailKind, MailChoice>; done?: string; older?: string },
) {
  const { t } = props;
  const csrf = props.signedIn?.csrf;
  const unread = props.items.some((n) => !n.read);
  return (
    <Layout {...props} title={t("notif.title")}>
      <h1>{t("notif.title")}</h1>
      <FormStatus done={props.done} />
      {props.items.length === 0 ? <p>{t("notif.none")}</p> : null}
      {unread ? (
        <form method="post" action="/me/notifications/read">
          <Csrf token={csrf} />
          <button type="submit">{t("notif.markAll")}</button>
        </form>
      ) : null}
      <ol class="notifications">
        {props.items.map((n) => (
          <li class={n.read ? "read" : "unread"}>
            <p>
              {n.read ? null : <strong class="badge">{t("notif.new")} </strong>}
              <a href={n.href}>{n.line}</a>
            </p>
            {n.message ? <p>{t("notif.message", { message: n.message })}</p> : null}
            <p class="hint">
              <When lang={props.lang} iso={n.created} time />
            </p>
            {n.read ? null : (
              <form method="post" action={`/me/notifications/${n.id}/read`}>
                <Csrf token={csrf} />
                <button type="submit" class="secondary" aria-label={`${t("notif.markRead")} : ${n.line}`}>
                  {t("notif.markRead")}
                </button>
              </form>
            )}
          </li>
        ))}
      </ol>
      {props.older ? (
        <p>
          <a href={props.older}>{t("notif.older")}</a>
        </p>
      ) : null}
      <section aria-labelledby="settings">
        <h2 id="settings">{t("notif.settings")}</h2>
        <p>{t("notif.settingsIntro")}</p>
        <form method="post" action="/me/notifications/settings">
          <Csrf token={csrf} />
          {KINDS.map((kind) => (
            <fieldset>
              <legend>{t(`notif.kind.${kind}` satisfies MessageKey)}</legend>
              {(kind === "application.received" ? (["each", "digest", "off"] as const) : (["each", "off"] as const)).map((choice) => (
                <p>
                  <input type="radio" id={`${kind}-${choice}`} name={kind} value={choice} checked={props.settings[kind] === choice} />
                  <label for={`${kind}-${choice}`}>{t(`notif.choice.${choice}` satisfies MessageKey)}</label>
                </p>
              ))}
            </fieldset>
          ))}
          <button type="submit">{t("notif.settingsSave")}</button>
        </form>
      </section>
    </Layout>
  );
}

export function StopMailPage(props: PageProps & { token: string; kind: string; state: "ask" | "done" | "invalid" }) {
  const { t } = props;
  return (
    <Layout {...props} title={t("notif.stop.title")}>
      <h1>{t("notif.stop.title")}</h1>
      {props.state === "ask" ? (
        <form method="post" action={`/notifications/stop?token=${encodeURIComponent(props.token)}`}>
          <Csrf token={props.signedIn?.csrf} />
          <p>{t("notif.stop.ask", { kind: props.kind })}</p>
          <button type="submit">{t("notif.stop.confirm")}</button>
        </form>
      ) : props.state === "done" ? (
        <p class="notice" role="status">
          {t("notif.stop.done", { kind: props.kind })} <a href="/me/notifications#settings">{t("notif.settings")}</a>
        </p>
      ) : (
        <p class="error" role="alert">
          {t("notif.stop.invalid")} <a href="/me/notifications#settings">{t("notif.settings")}</a>
        </p>
      )}
    </Layout>
  );
}
