// The header's link to my notifications: the unread count is shown as a number
// and said in words to screen readers ("3 notifications non lues"), in the link's
// own text (no aria-label that would differ from what is seen).
import type { Translate } from "../i18n/index.ts";

export function UnreadLink(props: { t: Translate; unread: number }) {
  const { t, unread } = props;
  const words = unread === 1 ? t("notif.unreadOne") : t("notif.unreadMany", { count: unread });
  return (
    <a href="/me/notifications" class="notifications-link">
      {t("notif.nav")}
      {unread > 0 ? (
        <>
          {" "}
          <span class="count" aria-hidden="true">
            {unread}
          </span>
          <span class="visually-hidden"> ({words})</span>
        </>
      ) : null}
    </a>
  );
}
