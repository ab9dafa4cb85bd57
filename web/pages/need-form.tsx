// The coordinator's form to publish or edit a need, with its Mastodon preview.
import type { Visibility } from "../../src/domain/needs/model.ts";
import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import { VisibilityHint, VisibilityWords } from "../components/visibility-words.tsx";
import { Csrf, FieldError, type FieldErrors, FormAlert, describedBy } from "../components.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { ScheduleFields } from "../components/schedule-fields.tsx";
import type { MessageKey } from "../i18n/index.ts";
import { Layout, type PageProps } from "../layout.tsx";

/** The form's fields, as strings (what the browser sends). */
export interface NeedFormValues {
  organization: string;
  title: string;
  description: string;
  domains: string[];
  place_label: string;
  place_mode: string;
  address: string;
  latitude: string;
  longitude: string;
  schedule_kind: string;
  start: string;
  end: string;
  range_start: string;
  range_end: string;
  /** A rule the weekly fields cannot show (written through the API), kept as typed. */
  rrule: string;
  /** Every week: the days ticked (MO…SU), the slots' time, the first and last days. */
  weekdays: string[];
  weekly_from: string;
  weekly_time: string;
  weekly_until: string;
  duration_minutes: string;
  volunteers_wanted: string;
  deadline: string;
  visibility: string;
  /** "" (automatic: on for the pilot domains), "yes" or "no". */
  safeguarding: string;
  private_notes: string;
  beneficiary: string;
  beneficiary_consent: string;
  /** For the accepted volunteers only (issue 13). */
  contact: string;
  practical_details: string;
  status: string;
  language: string;
}

export interface NeedFormProps extends PageProps {
  /** Set when editing. */
  needId?: string;
  values: NeedFormValues;
  organizations: { handle: string; name: string }[];
  domains: readonly DomainTerm[];
  errors?: FieldErrors;
  /** The Note's HTML as Mastodon will show it (built by needNoteHtml, already escaped). */
  previewHtml?: string;
  /** Who will see the need previewed (its visibility, the automatic one resolved). */
  previewVisibility?: Visibility;
  /** What was just done (a need duplicated into this draft), in words. */
  done?: string;
}

type TextName = Exclude<keyof NeedFormValues, "domains" | "weekdays">;

export function NeedFormPage(props: NeedFormProps) {
  const { t, lang, values: v, errors } = props;
  const title = props.needId ? t("form.editTitle", { title: v.title }) : t("form.newTitle");
  // A field's hint comes between its label and the field, tied to it as its description.
  const hintOf = (name: TextName, hint?: MessageKey) =>
    hint ? (
      <p class="hint" id={`${name}-hint`}>
        {t(hint)}
      </p>
    ) : null;
  const text = (name: TextName, label: MessageKey, type = "text", extra: Record<string, string | boolean> = {}, hint?: MessageKey) => (
    <>
      <label for={name}>{t(label)}</label>
      {hintOf(name, hint)}
      <input id={name} name={name} type={type} value={v[name]} {...extra} {...describedBy(errors, name, hint !== undefined)} />
      <FieldError errors={errors} name={name} />
    </>
  );
  const select = (name: TextName, label: MessageKey, options: [string, MessageKey][], hint?: MessageKey) => (
    <>
      <label for={name}>{t(label)}</label>
      {hintOf(name, hint)}
      <select id={name} name={name} {...describedBy(errors, name, hint !== undefined)}>
        {options.map(([value, key]) => (
          <option value={value} selected={v[name] === value}>
            {t(key)}
          </option>
        ))}
      </select>
      <FieldError errors={errors} name={name} />
    </>
  );
  const area = (name: TextName, label: MessageKey, rows = 4, hint?: MessageKey) => (
    <>
      <label for={name}>{t(label)}</label>
      {hintOf(name, hint)}
      <textarea id={name} name={name} rows={rows} {...describedBy(errors, name, hint !== undefined)}>
        {v[name]}
      </textarea>
      <FieldError errors={errors} name={name} />
    </>
  );
  return (
    <Layout {...props} title={title}>
      <h1>{title}</h1>
      <FormStatus done={props.done} />
      <FormAlert errors={errors} t={t} />
      {props.previewHtml ? (
        <section aria-labelledby="preview-heading" class="preview" id="preview">
          <h2 id="preview-heading">{t("form.previewHeading")}</h2>
          {props.previewVisibility === "local" ? null : <div dangerouslySetInnerHTML={{ __html: props.previewHtml }} />}
          {props.previewVisibility ? <VisibilityWords t={t} visibility={props.previewVisibility} preview /> : null}
        </section>
      ) : null}
      <form method="post" action={props.needId ? `/coordinate/needs/${props.needId}/edit` : "/coordinate/needs/new"} data-schedule>
        <Csrf token={props.signedIn?.csrf} />
        {props.needId ? (
          <input type="hidden" name="organization" value={v.organization} />
        ) : (
          <>
            <label for="organization">{t("form.organization")}</label>
            <select id="organization" name="organization" {...describedBy(errors, "organization")}>
              {props.organizations.map((o) => (
                <option value={o.handle} selected={o.handle === v.organization}>
                  {o.name}
                </option>
              ))}
            </select>
            <FieldError errors={errors} name="organization" />
          </>
        )}
        {text("title", "form.title", "text", { required: true, maxlength: "200" })}
        {area("description", "form.description", 6, "form.descriptionHint")}
        <fieldset {...describedBy(errors, "domains")}>
          <legend>{t("form.domains")}</legend>
          {props.domains.map((d) => (
            <label>
              <input type="checkbox" name="domains" value={d.slug} checked={v.domains.includes(d.slug)} /> {d.label[lang]}
            </label>
          ))}
        </fieldset>
        <FieldError errors={errors} name="domains" />
        {text("place_label", "form.place", "text", { required: true, list: "communes", "data-suggest": "/api/v1/places", autocomplete: "off" })}
        <datalist id="communes" />
        {select("place_mode", "form.mode", [
          ["on_site", "form.mode.on_site"],
          ["remote", "form.mode.remote"],
          ["both", "form.mode.both"],
        ])}
        {text("address", "form.address")}
        {text("latitude", "form.latitude", "text", { inputmode: "decimal" })}
        {text("longitude", "form.longitude", "text", { inputmode: "decimal" })}
        <ScheduleFields t={t} lang={lang} values={v} errors={errors} />
        {text("volunteers_wanted", "form.volunteers", "number", { min: "1", required: true })}
        {text("deadline", "form.deadline", "date")}
        {select("visibility", "form.visibility", [
          ["", "form.visibility.auto"],
          ["public", "form.visibility.public"],
          ["followers", "form.visibility.followers"],
          ["local", "form.visibility.local"],
        ])}
        <VisibilityHint t={t} />
        {select("safeguarding", "form.safeguarding", [
          ["", "form.safeguarding.auto"],
          ["yes", "form.safeguarding.yes"],
          ["no", "form.safeguarding.no"],
        ], "form.safeguardingHint")}
        {area("private_notes", "form.privateNotes", 3)}
        {area("beneficiary", "form.beneficiary", 3)}
        {text("beneficiary_consent", "form.beneficiaryConsent", "date", {}, "form.beneficiaryConsentHint")}
        {text("contact", "form.contact", "text", { maxlength: "300" }, "form.contactHint")}
        {area("practical_details", "form.practical", 3, "form.practicalHint")}
        {props.needId && v.status !== "draft"
          ? null
          : select("status", "form.status", [
              ["open", "form.status.open"],
              ["draft", "form.status.draft"],
            ])}
        <input type="hidden" name="language" value={v.language} />
        <p>
          <button type="submit" name="action" value="preview" class="secondary">
            {t("form.preview")}
          </button>{" "}
          <button type="submit" name="action" value="save">
            {t("form.publish")}
          </button>
        </p>
      </form>
    </Layout>
  );
}
