// The instance's settings, for administrators: name, description, rules,
// privacy policy, contact, sign-ups. A plain form: it works without JavaScript.
import { Csrf, FieldError, type FieldErrors, FormAlert, describedBy } from "../components.tsx";
import { FormStatus } from "../components/form-status.tsx";
import type { RetentionSettings } from "../../src/domain/privacy/retention-settings.ts";
import { Layout, type PageProps } from "../layout.tsx";
import { AdminNav } from "./admin-nav.tsx";

export interface SettingsValues {
  name: string;
  description: string;
  rules: string;
  privacy: string;
  charter: string;
  contactEmail: string;
  registrationsOpen: boolean;
  /** As typed: a refused value is shown back as it was. */
  retention: Record<keyof RetentionSettings, number | string>;
  /** Who may volunteer (as typed, for the age). */
  volunteers: { minimumAge: number | string; minorsWithGuardianConsent: boolean };
}

export interface SettingsProps extends PageProps {
  values: SettingsValues;
  retentionBounds: Record<keyof RetentionSettings, { min: number; max: number }>;
  ageBounds: { min: number; max: number };
  limits: { name: number; description: number; rules: number; privacy: number; charter: number; contactEmail: number };
  saved?: boolean;
  errors?: FieldErrors;
}

export function SettingsPage(props: SettingsProps) {
  const { t, errors, values: v, limits } = props;
  return (
    <Layout {...props} title={t("settings.title")}>
      <AdminNav t={t} signedIn={props.signedIn} current="settings" />
      <h1>{t("settings.title")}</h1>
      <p>{t("settings.intro")}</p>
      <FormStatus done={props.saved && t("settings.saved")} />
      <FormAlert errors={errors} t={t} />
      <form method="post" action="/admin/settings" novalidate>
        <Csrf token={props.signedIn?.csrf} />
        <label for="name">{t("settings.name")}</label>
        <input id="name" name="name" type="text" required maxlength={limits.name} value={v.name} {...describedBy(errors, "name")} />
        <FieldError errors={errors} name="name" />
        <label for="description">{t("settings.description")}</label>
        <p class="hint" id="description-hint">
          {t("settings.descriptionHint")}
        </p>
        <textarea id="description" name="description" rows={3} maxlength={limits.description} {...describedBy(errors, "description", true)}>
          {v.description}
        </textarea>
        <FieldError errors={errors} name="description" />
        <label for="rules">{t("settings.rules")}</label>
        <p class="hint" id="rules-hint">
          {t("settings.markdownHint")}
        </p>
        <textarea id="rules" name="rules" rows={8} maxlength={limits.rules} {...describedBy(errors, "rules", true)}>
          {v.rules}
        </textarea>
        <FieldError errors={errors} name="rules" />
        <label for="privacy">{t("settings.privacy")}</label>
        <p class="hint" id="privacy-hint">
          {t("settings.markdownHint")}
        </p>
        <textarea id="privacy" name="privacy" rows={8} maxlength={limits.privacy} {...describedBy(errors, "privacy", true)}>
          {v.privacy}
        </textarea>
        <FieldError errors={errors} name="privacy" />
        <label for="charter">{t("settings.charter")}</label>
        <p class="hint" id="charter-hint">
          {t("settings.charterHint")}
        </p>
        <textarea id="charter" name="charter" rows={8} maxlength={limits.charter} {...describedBy(errors, "charter", true)}>
          {v.charter}
        </textarea>
        <FieldError errors={errors} name="charter" />
        <label for="contactEmail">{t("settings.contactEmail")}</label>
        <p class="hint" id="contactEmail-hint">
          {t("settings.contactEmailHint")}
        </p>
        <input id="contactEmail" name="contactEmail" type="email" autocomplete="email" maxlength={limits.contactEmail}
          value={v.contactEmail} {...describedBy(errors, "contactEmail", true)} />
        <FieldError errors={errors} name="contactEmail" />
        <p>
          <input id="registrationsOpen" name="registrationsOpen" type="checkbox" value="yes" checked={v.registrationsOpen} />{" "}
          <label for="registrationsOpen" class="inline">
            {t("settings.registrationsOpen")}
          </label>
        </p>
        <fieldset>
          <legend>{t("settings.retention")}</legend>
          <p class="hint">{t("settings.retentionHint")}</p>
          {(Object.keys(props.retentionBounds) as (keyof RetentionSettings)[]).map((key) => {
            const { min, max } = props.retentionBounds[key];
            const id = `retention.${key}`;
            return (
              <>
                <label for={id}>{t(`settings.retention.${key}`)}</label>
                <p class="hint" id={`${id}-hint`}>
                  {t("settings.retentionBounds", { min, max })}
                </p>
                <input id={id} name={id} type="number" inputmode="numeric" min={min} max={max} step={1} required value={String(v.retention[key])} {...describedBy(errors, id, true)} />
                <FieldError errors={errors} name={id} />
              </>
            );
          })}
        </fieldset>
        <fieldset>
          <legend>{t("settings.volunteers")}</legend>
          <p class="hint">{t("settings.volunteersHint")}</p>
          {/* Says that the form carries these fields: an unticked box sends nothing. */}
          <input type="hidden" name="volunteers.present" value="yes" />
          <label for="volunteers.minimumAge">{t("settings.minimumAge")}</label>
          <p class="hint" id="volunteers.minimumAge-hint">
            {t("settings.minimumAgeBounds", { min: props.ageBounds.min, max: props.ageBounds.max })}
          </p>
          <input id="volunteers.minimumAge" name="volunteers.minimumAge" type="number" inputmode="numeric" min={props.ageBounds.min} max={props.ageBounds.max} step={1}
            required value={String(v.volunteers.minimumAge)} {...describedBy(errors, "volunteers.minimumAge", true)} />
          <FieldError errors={errors} name="volunteers.minimumAge" />
          <p>
            <input id="volunteers.minors" name="volunteers.minorsWithGuardianConsent" type="checkbox" value="yes" checked={v.volunteers.minorsWithGuardianConsent} />{" "}
            <label for="volunteers.minors" class="inline">
              {t("settings.minors")}
            </label>
          </p>
        </fieldset>
        <button type="submit">{t("settings.save")}</button>
      </form>
    </Layout>
  );
}
