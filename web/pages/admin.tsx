import { Csrf, FieldError, type FieldErrors } from "../components.tsx";
import { Layout, type PageProps } from "../layout.tsx";
import { AdminNav } from "./admin-nav.tsx";

export interface AdminProps extends PageProps {
  organizations: { id: string; handle: string; name: string; members: { username: string; name: string; role: string }[] }[];
  users: { id: string; username: string; displayName: string; role: string }[];
  errors?: FieldErrors;
}

export function AdminPage(props: AdminProps) {
  const { t, errors } = props;
  const csrf = props.signedIn?.csrf;
  return (
    <Layout {...props} title={t("admin.title")}>
      <AdminNav t={t} signedIn={props.signedIn} current="admin" />
      <h1>{t("admin.title")}</h1>
      {errors?._form ? (
        <p class="error" role="alert">
          {errors._form}
        </p>
      ) : null}
      <h2>{t("admin.orgs")}</h2>
      {props.organizations.map((org) => (
        <section aria-labelledby={`org-${org.handle}`}>
          <h3 id={`org-${org.handle}`}>
            <a href={`/@${org.handle}`}>{org.name}</a>
          </h3>
          <ul>
            {org.members.map((m) => (
              <li>
                {m.name} (@{m.username}) · {m.role === "coordinator" ? t("admin.role.coordinator") : t("admin.role.member")}
              </li>
            ))}
          </ul>
          <form method="post" action={`/admin/organizations/${org.handle}/members`}>
            <Csrf token={csrf} />
            <label for={`member-${org.handle}`}>{t("admin.addMember")}</label>
            <p class="hint" id={`member-${org.handle}-hint`}>
              {t("admin.addMemberHint")}
            </p>
            <input id={`member-${org.handle}`} name="username" type="text" required aria-describedby={`member-${org.handle}-hint`} />
            <label for={`role-${org.handle}`}>{t("admin.role")}</label>
            <select id={`role-${org.handle}`} name="role">
              <option value="coordinator">{t("admin.role.coordinator")}</option>
              <option value="member">{t("admin.role.member")}</option>
            </select>
            <button type="submit">{t("admin.addMember")}</button>
          </form>
        </section>
      ))}
      <h3>{t("admin.newOrg")}</h3>
      <form method="post" action="/admin/organizations">
        <Csrf token={csrf} />
        <label for="handle">{t("admin.handle")}</label>
        <input id="handle" name="handle" type="text" required />
        <FieldError errors={errors} name="handle" />
        <label for="name">{t("admin.name")}</label>
        <input id="name" name="name" type="text" required />
        <FieldError errors={errors} name="name" />
        <button type="submit">{t("admin.newOrg")}</button>
      </form>
      <h2>{t("admin.users")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("admin.username")}</th>
            <th scope="col">{t("admin.role")}</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr>
              <td>
                {u.displayName} (@{u.username})
              </td>
              <td>
                <form method="post" action={`/admin/users/${u.id}/role`} class="inline">
                  <Csrf token={csrf} />
                  <label for={`role-user-${u.id}`} class="hint">
                    {t("admin.setRole")}
                  </label>
                  <select id={`role-user-${u.id}`} name="role">
                    {(["citizen", "moderator", "admin"] as const).map((r) => (
                      <option value={r} selected={u.role === r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>{" "}
                  <button type="submit" class="secondary">
                    {t("me.save")}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
