// Moderation: domain blocks, actor blocks, suspensions, reports, audit log.
import { When } from "../components/when.tsx";
import { Csrf, FieldError, type FieldErrors, describedBy } from "../components.tsx";
import { Layout, type PageProps } from "../layout.tsx";
import { AdminNav } from "./admin-nav.tsx";
import { FormStatus } from "../components/form-status.tsx";
import type { Translate } from "../i18n/index.ts";

/** What a moderator typed, given back when a form is refused. */
export interface ModerationValues {
  domain?: string;
  severity?: string;
  domainReason?: string;
  uri?: string;
  actorReason?: string;
  username?: string;
  suspendReason?: string;
}

export interface ModerationProps extends PageProps {
  blocks: { domain: string; severity: string; reason: string; created: string }[];
  actors: { uri: string; reason: string; created: string }[];
  reports: { id: string; targets: string[]; comment: string; reporter: string | null; sentBy: string | null; created: string }[];
  audit: { action: string; target: string; moderator: string | null; created: string }[];
  errors?: FieldErrors;
  values?: ModerationValues;
  done?: boolean;
}

export function ModerationPage(props: ModerationProps) {
  const { t, errors } = props;
  const v = props.values ?? {};
  const csrf = props.signedIn?.csrf;
  return (
    <Layout {...props} title={t("mod.title")}>
      <AdminNav t={t} signedIn={props.signedIn} current="moderation" />
      <h1>{t("mod.title")}</h1>
      <FormStatus done={props.done && t("mod.done")} error={errors?._form} />

      <section aria-labelledby="reports-heading">
        <h2 id="reports-heading">{t("mod.reports")}</h2>
        {props.reports.length ? (
          <ul class="cards">
            {props.reports.map((r) => (
              <li>
                <h3>{t("mod.targets")}</h3>
                <ul>
                  {r.targets.map((target) => (
                    <li>
                      <a href={target} rel="noopener noreferrer nofollow">
                        {target}
                      </a>
                    </li>
                  ))}
                </ul>
                <p class="meta">
                  {t("mod.reporter")} {r.sentBy ? t("mod.sent", { username: r.sentBy }) : (r.reporter ?? "—")} · <When lang={props.lang} iso={r.created} />
                </p>
                {r.comment ? (
                  <p>{t("mod.comment", { text: r.comment })}</p>
                ) : null}
                <form method="post" action={`/admin/moderation/reports/${r.id}/resolve`}>
                  <Csrf token={csrf} />
                  <button type="submit">{t("mod.resolve")}</button>
                </form>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("mod.noReports")}</p>
        )}
      </section>

      <section aria-labelledby="blocks-heading">
        <h2 id="blocks-heading">{t("mod.blocks")}</h2>
        {props.blocks.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("mod.domainCol")}</th>
                <th scope="col">{t("mod.severity")}</th>
                <th scope="col">{t("mod.reasonCol")}</th>
                <th scope="col">{t("mod.when")}</th>
              </tr>
            </thead>
            <tbody>
              {props.blocks.map((b) => (
                <tr>
                  <td>{b.domain}</td>
                  <td>{b.severity === "silence" ? t("mod.severity.silence") : t("mod.severity.suspend")}</td>
                  <td>{b.reason}</td>
                  <td>
                    <When lang={props.lang} iso={b.created} />
                    <form method="post" action="/admin/moderation/domain-blocks/lift">
                      <Csrf token={csrf} />
                      <input type="hidden" name="domain" value={b.domain} />
                      <button type="submit" class="secondary">
                        {t("mod.lift", { domain: b.domain })}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("mod.noBlocks")}</p>
        )}
        <form method="post" action="/admin/moderation/domain-blocks">
          <Csrf token={csrf} />
          <label for="domain">{t("mod.domain")}</label>
          <input id="domain" name="domain" type="text" required value={v.domain ?? ""} {...describedBy(errors, "domain")} />
          <FieldError errors={errors} name="domain" />
          <fieldset>
            <legend>{t("mod.severity")}</legend>
            {(["suspend", "silence"] as const).map((s) => (
              <label>
                <input type="radio" name="severity" value={s} checked={(v.severity ?? "suspend") === s} /> {t(`mod.severity.${s}`)}
              </label>
            ))}
          </fieldset>
          <label for="domain-reason">{t("mod.reason")}</label>
          <input id="domain-reason" name="reason" type="text" maxlength={1000} value={v.domainReason ?? ""} />
          <button type="submit">{t("mod.block")}</button>
        </form>
      </section>

      <section aria-labelledby="actors-heading">
        <h2 id="actors-heading">{t("mod.actors")}</h2>
        {props.actors.length ? (
          <ul>
            {props.actors.map((a) => (
              <li>
                <code>{a.uri}</code>
                {a.reason ? ` · ${a.reason}` : ""} · <When lang={props.lang} iso={a.created} />
              </li>
            ))}
          </ul>
        ) : null}
        <form method="post" action="/admin/moderation/actor-blocks">
          <Csrf token={csrf} />
          <label for="uri">{t("mod.actorUri")}</label>
          <input id="uri" name="uri" type="text" required autocomplete="off" spellcheck={false} value={v.uri ?? ""} {...describedBy(errors, "uri")} />
          <FieldError errors={errors} name="uri" />
          <label for="actor-reason">{t("mod.reason")}</label>
          <input id="actor-reason" name="reason" type="text" maxlength={1000} value={v.actorReason ?? ""} />
          <button type="submit">{t("mod.blockActor")}</button>
        </form>
      </section>

      <section aria-labelledby="suspend-heading">
        <h2 id="suspend-heading">{t("mod.suspend")}</h2>
        <form method="post" action="/admin/moderation/suspensions">
          <Csrf token={csrf} />
          <label for="username">{t("mod.username")}</label>
          <input id="username" name="username" type="text" required value={v.username ?? ""} {...describedBy(errors, "username")} />
          <FieldError errors={errors} name="username" />
          <label for="suspend-reason">{t("mod.reason")}</label>
          <input id="suspend-reason" name="reason" type="text" maxlength={1000} value={v.suspendReason ?? ""} />
          <button type="submit">{t("mod.suspendSubmit")}</button>
        </form>
      </section>

      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">{t("mod.audit")}</h2>
        {props.audit.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("mod.when")}</th>
                <th scope="col">{t("mod.who")}</th>
                <th scope="col">{t("mod.action")}</th>
                <th scope="col">{t("mod.target")}</th>
              </tr>
            </thead>
            <tbody>
              {props.audit.map((a) => (
                <tr>
                  <td>
                    <When lang={props.lang} iso={a.created} time />
                  </td>
                  <td>{a.moderator ? `@${a.moderator}` : "—"}</td>
                  <td>{auditAction(a.action, t)}</td>
                  <td>{a.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("mod.noAudit")}</p>
        )}
      </section>
    </Layout>
  );
}

const AUDIT_ACTIONS = [
  "account.erase",
  "account.suspend",
  "actor.block",
  "domain.allow",
  "domain.unblock",
  "domain.suspend",
  "domain.silence",
  "instance.follow",
  "instance.unfollow",
  "instance.settings",
  "need.sensitive_read",
  "organization.export",
  "relay.subscribe",
  "report.resolve",
  "retention.purge",
] as const;

/** An audit entry's action in words; one this page does not know yet, as its code. */
function auditAction(action: string, t: Translate) {
  const known = AUDIT_ACTIONS.find((a) => a === action);
  return known ? t(`audit.${known}`) : <code>{action}</code>;
}
