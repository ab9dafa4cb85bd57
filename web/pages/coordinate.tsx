import type { Application } from "../../src/domain/needs/applications.ts";
import { OccurrenceRoster, type RosterRow } from "../components/occurrence-roster.tsx";
import type { REJECTION_REASONS } from "../../src/domain/needs/input.ts";
import type { Visibility } from "../../src/domain/needs/model.ts";
import type { SafeguardingState } from "../../src/domain/safeguarding/checks.ts";
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
            <a href={`/coordinate/organizations/${org.handle}/evaluation`}>{t("eval.link")}</a>
            <a href={`/coordinate/organizations/${org.handle}/safeguarding`}>{t("checks.link")}</a>
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

/** On a safeguarded need: how the applicant stands, and for one of ours not yet checked, the link to record the check. */
function SafeguardingLine(props: { t: PageProps["t"]; state?: SafeguardingState; application: Application; need: InboxProps["need"] }) {
  const { t, state, application: a, need } = props;
  if (!state) return null;
  const record =
    state === "check_required" && a.applicant.kind === "account" && need.organization ? (
      <>
        {" "}
        <a
          href={`/coordinate/organizations/${need.organization}/safeguarding?username=${encodeURIComponent(a.applicant.username)}&back=${encodeURIComponent(`/coordinate/needs/${need.id}/applications`)}`}
        >
          {t("inbox.recordCheck")}
        </a>
      </>
    ) : null;
  return (
    <p class={state === "checked" ? "hint" : "notice"}>
      {t(`inbox.safeguarding.${state}`)}
      {record}
    </p>
  );
}

export interface InboxProps extends PageProps {
  need: { id: string; title: string; status: string; recurring?: boolean; safeguarding?: boolean; organization?: string };
  /** On a safeguarded need, how each applicant stands (by application id): checked, a check to record first, from another server, a minor. */
  safeguarding?: Record<string, SafeguardingState>;
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
      {need.safeguarding ? <p class="notice">{t("inbox.safeguarding")}</p> : null}
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
              <SafeguardingLine t={t} state={props.safeguarding?.[a.id]} application={a} need={need} />
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
      {need.status === "open" || need.status === "filled" || need.status === "done" ? (
        <section aria-labelledby="done-heading">
          <h2 id="done-heading">{need.status === "done" ? t("outcome.link") : t("inbox.markDone")}</h2>
          {need.recurring ? <p class="hint">{t("actions.recurringDone")}</p> : null}
          <p>
            <a class="button" href={`/coordinate/needs/${need.id}/outcome`}>
              {need.status === "done" ? t("outcome.link") : need.recurring ? t("actions.endAll") : t("inbox.finish")}
            </a>
          </p>
        </section>
      ) : null}
      {props.actions ? (
        <NeedActions t={t} csrf={csrf} need={{ id: need.id, status: need.status, recurring: Boolean(need.recurring) }} {...props.actions} />
      ) : null}
    </Layout>
  );
}
