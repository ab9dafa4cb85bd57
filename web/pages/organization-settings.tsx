// An organisation's settings for its coordinators: the default contact given to the
// accepted volunteers of its needs (a need may name its own).
import { Csrf, FieldError, type FieldErrors, describedBy } from "../components.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export interface OrganizationSettingsProps extends PageProps {
  organization: { handle: string; name: string };
  volunteerContact: string;
  saved?: boolean;
  errors?: FieldErrors;
}

export function OrganizationSettingsPage(props: OrganizationSettingsProps) {
  const { t, organization, errors } = props;
  const title = t("orgSettings.title", { name: organization.name });
  return (
    <Layout {...props} title={title}>
      <h1>{title}</h1>
      <FormStatus done={props.saved ? t("orgSettings.saved") : undefined} error={errors?._form} />
      <form method="post" action={`/coordinate/organizations/${organization.handle}/settings`}>
        <Csrf token={props.signedIn?.csrf} />
        <label for="volunteer_contact">{t("orgSettings.contact")}</label>
        <p class="hint" id="volunteer_contact-hint">{t("orgSettings.contactHint")}</p>
        <input id="volunteer_contact" name="volunteer_contact" type="text" maxlength={300} value={props.volunteerContact}
          aria-describedby="volunteer_contact-hint" {...describedBy(errors, "volunteer_contact")} />
        <FieldError errors={errors} name="volunteer_contact" />
        <button type="submit">{t("orgSettings.save")}</button>
      </form>
    </Layout>
  );
}
