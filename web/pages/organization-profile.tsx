// An organisation's public profile, as its coordinators edit it (issue 16): what it
// does (Markdown), its website, a public contact, the town it works in and its
// domains of action. Everything here is public and sent to other servers.
import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import { Csrf, FieldError, FormAlert, type FieldErrors, describedBy } from "../components.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export interface ProfileValues {
  description: string;
  website: string;
  contact: string;
  area: string;
  domains: string[];
}

export interface OrganizationProfileProps extends PageProps {
  organization: { handle: string; name: string };
  values: ProfileValues;
  domains: readonly DomainTerm[];
  saved?: boolean;
  errors?: FieldErrors;
}

export function OrganizationProfilePage(props: OrganizationProfileProps) {
  const { t, organization, errors, values: v, lang } = props;
  const title = t("orgProfile.title", { name: organization.name });
  return (
    <Layout {...props} title={title}>
      <h1>{title}</h1>
      <p>{t("orgProfile.intro")}</p>
      <FormStatus done={props.saved ? t("orgProfile.saved") : undefined} error={errors?._form} />
      <FormAlert errors={errors} t={t} />
      <form method="post" action={`/coordinate/organizations/${organization.handle}/profile`} enctype="multipart/form-data" class="profile-form">
        <Csrf token={props.signedIn?.csrf} />
        <label for="description">{t("orgProfile.description")}</label>
        <p class="hint" id="description-hint">{t("orgProfile.descriptionHint")}</p>
        <textarea id="description" name="description" rows={8} maxlength={5000} {...describedBy(errors, "description", true)}>{v.description}</textarea>
        <FieldError errors={errors} name="description" />
        <label for="website">{t("orgProfile.website")}</label>
        <p class="hint" id="website-hint">{t("orgProfile.websiteHint")}</p>
        <input id="website" name="website" type="url" maxlength={300} value={v.website} autocomplete="url" {...describedBy(errors, "website", true)} />
        <FieldError errors={errors} name="website" />
        <label for="contact">{t("orgProfile.contact")}</label>
        <p class="hint" id="contact-hint">{t("orgProfile.contactHint")}</p>
        <input id="contact" name="contact" type="text" maxlength={200} value={v.contact} {...describedBy(errors, "contact", true)} />
        <FieldError errors={errors} name="contact" />
        <label for="area">{t("orgProfile.area")}</label>
        <p class="hint" id="area-hint">{t("orgProfile.areaHint")}</p>
        <input id="area" name="area" type="text" maxlength={120} value={v.area} {...describedBy(errors, "area", true)} />
        <FieldError errors={errors} name="area" />
        <fieldset {...describedBy(errors, "domains")}>
          <legend>{t("orgProfile.domains")}</legend>
          {props.domains.map((d) => (
            <label>
              <input type="checkbox" name="domains" value={d.slug} checked={v.domains.includes(d.slug)} /> {d.label[lang]}
            </label>
          ))}
        </fieldset>
        <FieldError errors={errors} name="domains" />
        <button type="submit">{t("orgProfile.save")}</button>
      </form>
      <p>
        <a href={`/coordinate/organizations/${organization.handle}/logo`}>{t("orgProfile.logoLink")}</a> ·{" "}
        <a href={`/coordinate/organizations/${organization.handle}/image`}>{t("orgProfile.imageLink")}</a> ·{" "}
        <a href={`/@${organization.handle}`}>{t("orgProfile.view")}</a>
      </p>
    </Layout>
  );
}
