// Federation: the instances and relays this one follows, and the forms to change that.
import { Csrf, FieldError, type FieldErrors, describedBy } from "../components.tsx";
import { Layout, type PageProps } from "../layout.tsx";
import { AdminNav } from "./admin-nav.tsx";
import { FormStatus } from "../components/form-status.tsx";

export interface FederationProps extends PageProps {
  follows: { uri: string; handle: string | null; name: string; accepted: boolean; relay: boolean; created: string }[];
  errors?: FieldErrors;
  /** What was typed in the follow and relay fields, given back when refused. */
  values?: Record<string, string>;
  done?: boolean;
}

export function FederationPage(props: FederationProps) {
  const { t, errors } = props;
  const csrf = props.signedIn?.csrf;
  const admin = props.signedIn?.role === "admin";
  const targetForm = (name: "follow" | "relay", action: string, heading: "fed.follow" | "fed.relay", label: "fed.followTarget" | "fed.relayTarget", submit: "fed.followSubmit" | "fed.relaySubmit") => (
    <section aria-labelledby={`${name}-heading`}>
      <h2 id={`${name}-heading`}>{t(heading)}</h2>
      <form method="post" action={action}>
        <Csrf token={csrf} />
        <label for={name}>{t(label)}</label>
        <input id={name} name="target" type="text" required minlength={3} maxlength={500} value={props.values?.[name] ?? ""} {...describedBy(errors, name)} />
        <FieldError errors={errors} name={name} />
        <button type="submit">{t(submit)}</button>
      </form>
    </section>
  );
  return (
    <Layout {...props} title={t("fed.title")}>
      <AdminNav t={t} signedIn={props.signedIn} current="federation" />
      <h1>{t("fed.title")}</h1>
      <FormStatus done={props.done && t("mod.done")} error={errors?._form} />
      <section aria-labelledby="follows-heading">
        <h2 id="follows-heading">{t("fed.follows")}</h2>
        {props.follows.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("fed.name")}</th>
                <th scope="col">{t("fed.kind")}</th>
                <th scope="col">{t("fed.state")}</th>
              </tr>
            </thead>
            <tbody>
              {props.follows.map((f) => (
                <tr>
                  <td>
                    {f.name || f.handle || f.uri}
                    <br />
                    <a href={f.uri} rel="noopener noreferrer">
                      {f.uri}
                    </a>
                  </td>
                  <td>{f.relay ? t("fed.kind.relay") : t("fed.kind.instance")}</td>
                  <td>
                    {f.accepted ? t("fed.accepted") : t("fed.pending")}
                    {admin ? (
                      <form method="post" action="/admin/federation/unfollow">
                        <Csrf token={csrf} />
                        <input type="hidden" name="target" value={f.uri} />
                        <button type="submit" class="secondary">
                          {t("fed.unfollow", { name: f.name || f.uri })}
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("fed.none")}</p>
        )}
      </section>
      {admin ? (
        <>
          {targetForm("follow", "/admin/federation/follows", "fed.follow", "fed.followTarget", "fed.followSubmit")}
          {targetForm("relay", "/admin/federation/relays", "fed.relay", "fed.relayTarget", "fed.relaySubmit")}
        </>
      ) : (
        <p>{t("fed.adminsOnly")}</p>
      )}
    </Layout>
  );
}
