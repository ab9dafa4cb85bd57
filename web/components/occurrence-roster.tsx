// Who comes on which date (issue 16): for a recurring need's coordinators, each next
// occurrence with the accepted and the pending volunteers who answer for it (those who
// chose no date answer for all of them).
import type { Translate } from "../i18n/index.ts";

export interface RosterRow {
  /** The occurrence's start (ISO) and in words. */
  occurrence: string;
  label: string;
  accepted: string[];
  pending: string[];
}

export function OccurrenceRoster({ t, rows }: { t: Translate; rows: RosterRow[] }) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="roster-heading">
      <h2 id="roster-heading">{t("roster.title")}</h2>
      <p class="hint">{t("roster.hint")}</p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("roster.date")}</th>
              <th scope="col">{t("roster.accepted")}</th>
              <th scope="col">{t("roster.pending")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  <time datetime={r.occurrence}>{r.label}</time>
                </th>
                <td>{r.accepted.length ? r.accepted.join(", ") : t("roster.nobody")}</td>
                <td>{r.pending.length ? r.pending.join(", ") : t("roster.nobody")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
