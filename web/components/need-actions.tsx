// A coordinator's actions on one need, on its page of applications: mark filled,
// reopen, cancel with a message for the accepted volunteers, cancel one session of a
// recurring need, duplicate, delete (confirmed). Plain forms: they work without JavaScript.
import { Csrf } from "../components.tsx";
import type { Translate } from "../i18n/index.ts";

export interface NeedActionsProps {
  t: Translate;
  csrf?: string;
  need: { id: string; status: string; recurring: boolean };
  /** The next sessions of a recurring need: the value posted (ISO) and its words. */
  occurrences: { value: string; label: string }[];
  /** The sessions already cancelled, in words. */
  cancelled: string[];
}

export function NeedActions(props: NeedActionsProps) {
  const { t, csrf, need } = props;
  const action = (name: string) => `/coordinate/needs/${need.id}/${name}`;
  const live = need.status === "open" || need.status === "filled";
  return (
    <section aria-labelledby="actions-heading" class="actions">
      <h2 id="actions-heading">{t("actions.title")}</h2>
      {props.cancelled.length > 0 ? <p>{t("actions.cancelledOccurrences", { list: props.cancelled.join(", ") })}</p> : null}
      {need.status === "open" ? (
        <form method="post" action={action("fill")} class="inline">
          <Csrf token={csrf} />
          <button type="submit" class="secondary">{t("actions.fill")}</button>
        </form>
      ) : null}
      {need.status === "filled" || need.status === "cancelled" ? (
        <form method="post" action={action("reopen")} class="inline">
          <Csrf token={csrf} />
          <button type="submit" class="secondary">{t("actions.reopen")}</button>
        </form>
      ) : null}
      <form method="post" action={action("duplicate")} class="inline">
        <Csrf token={csrf} />
        <button type="submit" class="secondary">{t("actions.duplicate")}</button>
      </form>
      {live && need.recurring && props.occurrences.length > 0 ? (
        <form method="post" action={action("occurrences/cancel")}>
          <h3>{t("actions.occurrence")}</h3>
          <Csrf token={csrf} />
          <label for="occurrence">{t("actions.occurrenceLabel")}</label>
          <select id="occurrence" name="occurrence">
            {props.occurrences.map((o) => (
              <option value={o.value}>{o.label}</option>
            ))}
          </select>
          <label for="occurrence-message">{t("actions.cancelMessage")}</label>
          <textarea id="occurrence-message" name="message" rows={2} maxlength={5000} aria-describedby="occurrence-hint" />
          <p class="hint" id="occurrence-hint">{t("actions.occurrenceHint")}</p>
          <button type="submit" class="secondary">{t("actions.occurrenceSubmit")}</button>
        </form>
      ) : null}
      {need.status !== "done" && need.status !== "cancelled" ? (
        <form method="post" action={action("cancel")}>
          <h3>{t("actions.cancel")}</h3>
          <Csrf token={csrf} />
          <label for="cancel-message">{t("actions.cancelMessage")}</label>
          <textarea id="cancel-message" name="message" rows={3} maxlength={5000} aria-describedby="cancel-hint" />
          <p class="hint" id="cancel-hint">{t("actions.cancelHint")}</p>
          <button type="submit" class="secondary">{t("actions.cancel")}</button>
        </form>
      ) : null}
      <form method="post" action={action("delete")}>
        <h3 id="delete-heading">{t("actions.delete")}</h3>
        <Csrf token={csrf} />
        <p class="hint" id="delete-hint">{t("actions.deleteHint")}</p>
        <input id="delete-confirm" name="confirm" type="checkbox" value="yes" required aria-describedby="delete-hint" />
        <label for="delete-confirm" class="inline">{t("actions.deleteConfirm")}</label>
        <button type="submit" class="danger">{t("actions.delete")}</button>
      </form>
    </section>
  );
}
