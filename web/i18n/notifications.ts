// The sentence of a notification, shared by the in-app list (web/pages/notifications.tsx)
// and its mail (src/mail/compose.ts), so both say the same thing.
import type { Notification } from "../../src/domain/notifications/model.ts";
import type { MessageKey, Translate } from "./index.ts";

const REASONS = ["no_longer_needed", "profile_mismatch", "mission_finished", "other"] as const;

/** `when`: the slot, occurrence or new schedule in words, for the kinds that name one. */
export function notificationLine(t: Translate, n: Notification, when: string | null): string {
  const title = n.need?.title ?? "—";
  const vars = { title, when: when ?? "", organization: n.need?.organization.name ?? "" };
  switch (n.type) {
    case "application.received":
    case "application.withdrawn":
      return t(`notif.${n.type}`, { ...vars, actor: n.account?.name || n.account?.handle || t("notif.someone") });
    case "application.rejected": {
      const code = REASONS.find((r) => r === n.details.reason) ?? "other";
      return t("notif.application.rejected", { ...vars, reason: t(`reply.reason.${code}` satisfies MessageKey) });
    }
    case "practice.tried":
      // An organisation of this instance: no town to name.
      return t(n.details.town ? "notif.practice.tried" : "notif.practice.triedHere", {
        title: n.details.title ?? "—",
        organization: n.details.organization ?? "",
        town: n.details.town ?? "",
      });
    case "need.cancelled":
      return n.details.occurrence ? t("notif.need.occurrenceCancelled", vars) : t("notif.need.cancelled", vars);
    default:
      return t(`notif.${n.type}` satisfies MessageKey, vars);
  }
}

/** Where a notification leads: the applications of the need for coordinators, the need for the others. */
export function notificationPath(n: Notification): string {
  if (n.type === "outcome.survey" && n.applicationId) return `/surveys/${n.applicationId}`;
  if (n.type === "practice.tried" && n.details.practice) return `/practices/${n.details.practice}`;
  if (!n.need) return "/me/notifications";
  return n.type === "application.received" || n.type === "application.pending" || n.type === "application.withdrawn"
    ? `/coordinate/needs/${n.need.id}/applications` : `/needs/${n.need.id}`;
}
