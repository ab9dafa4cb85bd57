// The header's link to my notifications, with the unread count said in words for
// screen readers ("3 notifications non lues") and shown as a number.
import type { Translate } from "../i18n/index.ts";

export function UnreadLink(props: { t: Translate; unread: number }) {
  const { t, unread } = props;
  const label = unread === 0 ? t("notif.title") : unread === 1 ? t("notif.unreadOne") : t("notif.unreadMany", { count: unread });
  return (
    <a href="/me/notifications" aria-label={label} class="notifications-link">
      {t("notif.nav")}
      {unread > 0 ? (
        <span class="count" aria-hidden="true">
          {" "}
          {unread}
        </span>
      ) : null}
    </a>
  );
}
