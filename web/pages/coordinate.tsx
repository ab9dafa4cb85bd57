import type { Application } from "../../src/domain/needs/applications.ts";
import { OccurrenceRoster, type RosterRow } from "../components/occurrence-roster.tsx";
import type { REJECTION_REASONS } from "../../src/domain/needs/input.ts";
import type { Visibility } from "../../src/domain/needs/model.ts";
import { VisibilityWords } from "../components/visibility-words.tsx";
import { Csrf } from "../components.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { NeedActions, type NeedActionsProps } from "../components/need-actions.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export interface DashboardOrg {
  handle: string;
  name: string;
  needs: { id: string; title: string; status: string; visibility: Visibility; applications: number; pending: number }[];
}

export function DashboardPage(props: PageProps & { organizations: DashboardOrg[]; done?: string }) {
  const { t } = props;
  return (
    <Layout {...props} title={t("coord.title")}>
      <h1>{t("coord.title")}</h1>
      <FormStatus done={props.done} />
      {props.organizations.length === 0 ? <p>{t("coord.none")}</p> : null}
      {props.organizations.map((org) => (
        <section aria-labelledby={`org-${org.handle}`}>
          <h2 id={`org-${org.handle}`}>{org.name}</h2>
          <p>
            <a href={`/coordinate/needs/new?organization=${org.handle}`}>{t("coord.new")}</a> ·{" "}
            <a href={`/coordinate/organizations/${org.handle}/settings`}>{t("orgSettings.link")}</a> ·{" "}
            <a href={`/coordinate/organizations/${org.handle}/profile`}>{t("orgProfile.link")}</a>
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("coord.title.col")}</th>
                <th scope="col">{t("coord.status.col")}</th>
                <th scope="col">{t("coord.inbox")}</th>
              </tr>
            </thead>
            <tbody>
              {org.needs.map((n) => (
                <tr>
                  <td>
                    <a href={`/needs/${n.id}`}>{n.title}</a> · <a href={`/coordinate/needs/${n.id}/edit`}>{t("coord.edit")}</a> ·{" "}
                    <a href={`/coordinate/needs/${n.id}/image`}>{t("picture.needLink")}</a>
                    <VisibilityWords t={t} visibility={n.visibility} />
                  </td>
                  <td>{t(`status.${n.status as "open"}`)}</td>
                  <td>
                    <a href={`/coordinate/needs/${n.id}/applications`}>
                      {t("coord.applications", { count: n.applications, pending: n.pending })}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>
  );
}

/** How the coordinator reaches one applicant: an email link, a fediverse link, or why there is none. */
function ApplicantReach({ t, reach }: { t: PageProps["t"]; reach: { email?: string; handle?: string; url?: string } | null }) {
  if (!reach) return <p class="hint">{t("inbox.reachNone")}</p>;
  const how = reach.email ? (
    <a href={`mailto:${reach.email}`}>{reach.email}</a>
  ) : (
    <a href={reach.url} rel="noopener">
      {reach.handle ?? reach.url}
    </a>
  );
  return (
    <p>
      {t("inbox.reach")} {how}
    </p>
  );
}

export interface InboxProps extends PageProps {
  need: { id: string; title: string; status: string; recurring?: boolean };
  applications: Application[];
  /** The coordinator's actions on the need (issue 13): the next sessions, the cancelled ones. */
  actions?: Pick<NeedActionsProps, "occurrences" | "cancelled">;
  /** What was just done, in words. */
  done?: string;
  /** How to reach each applicant (by application id): a consenting account's email, a remote one's handle; null: not shared. */
  reach?: Record<string, { email?: string; handle?: string; url?: string } | null>;
  /** The reasons a coordinator may give for a refusal (the domain's list, passed in: views import only types). */
  reasons: readonly (typeof REJECTION_REASONS)[number][];
  error?: string;
  /** Issue 16: for a recurring need, who comes on each of the next dates; and the dates each application chose (none: all). */
  roster?: RosterRow[];
  chosen?: Record<string, string[]>;
}

export function InboxPage(props: InboxProps) {
  const { t, need } = props;
  const csrf = props.signedIn?.csrf;
  return (
    <Layout {...props} title={t("inbox.title", { title: need.title })}>
      <h1>{t("inbox.title", { title: need.title })}</h1>
      <FormStatus done={props.done} error={props.error} />
      {props.applications.length === 0 ? <p>{t("inbox.none")}</p> : null}
      <ul class="cards">
        {props.applications.map((a) => {
          const who = a.applicant.kind === "account" ? `${a.applicant.name} (@${a.applicant.username})` : `${a.applicant.name} (${a.applicant.handle ?? a.applicant.uri})`;
          return (
            <li>
              <h2>{who}</h2>
              <p>
                {t("me.status")} : <strong class={`status-${a.status}`}>{t(`app.${a.status}`)}</strong>
                {a.reason ? ` (${t(`reason.${a.reason as "other"}`)})` : ""}
              </p>
              {props.reach ? <ApplicantReach t={t} reach={props.reach[a.id] ?? null} /> : null}
              {props.chosen?.[a.id]?.length ? <p>{t("roster.chosen", { dates: props.chosen[a.id]!.join(", ") })}</p> : null}
              {a.message ? <blockquote>{a.message}</blockquote> : null}
              {a.status === "pending" ? (
                <form method="post" action={`/coordinate/applications/${a.id}`} class="inline">
                  <Csrf token={csrf} />
                  <input type="hidden" name="status" value="accepted" />
                  <button type="submit">{t("inbox.accept")}</button>
                </form>
              ) : null}
              {a.status === "pending" || a.status === "accepted" ? (
                <form method="post" action={`/coordinate/applications/${a.id}`}>
                  <Csrf token={csrf} />
                  <input type="hidden" name="status" value="rejected" />
                  <label for={`reason-${a.id}`}>{t("inbox.reason")}</label>
                  <select id={`reason-${a.id}`} name="reason">
                    {props.reasons.map((r) => (
                      <option value={r}>{t(`reason.${r}`)}</option>
                    ))}
                  </select>
                  <button type="submit" class="secondary">
                    {t("inbox.reject")}
                  </button>
                </form>
              ) : null}
            </li>
          );
        })}
      </ul>
      {props.roster ? <OccurrenceRoster t={t} rows={props.roster} /> : null}
      {need.status === "open" || need.status === "filled" ? (
        <section aria-labelledby="done-heading">
          <h2 id="done-heading">{t("inbox.markDone")}</h2>
          {need.recurring ? <p class="hint">{t("actions.recurringDone")}</p> : null}
          <form method="post" action={`/coordinate/needs/${need.id}/done`}>
            <Csrf token={csrf} />
            <label for="volunteer_hours">{t("inbox.hours")}</label>
            <input id="volunteer_hours" name="volunteer_hours" type="number" min="0" step="0.5" value="0" required />
            <label for="people_helped">{t("inbox.people")}</label>
            <input id="people_helped" name="people_helped" type="number" min="0" value="0" required />
            <label for="testimony">{t("inbox.testimony")}</label>
            <textarea id="testimony" name="testimony" rows={3} maxlength={2000} />
            <button type="submit">{need.recurring ? t("actions.endAll") : t("inbox.finish")}</button>
          </form>
        </section>
      ) : null}
      {props.actions ? (
        <NeedActions t={t} csrf={csrf} need={{ id: need.id, status: need.status, recurring: Boolean(need.recurring) }} {...props.actions} />
      ) : null}
    </Layout>
  );
}
