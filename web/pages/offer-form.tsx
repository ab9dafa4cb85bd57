// In "my space": the form to publish an offer, and my offers with a button to close each.
import type { Offer } from "../../src/domain/offers/offers.ts";
import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import { Csrf, FieldError, type FieldErrors, describedBy } from "../components.tsx";
import type { Lang, MessageKey, Translate } from "../i18n/index.ts";

/** The offer form's fields, as the browser sends them. */
export interface OfferFormValues {
  title: string;
  description: string;
  domains: string[];
  availability: string;
  place_label: string;
  place_mode: string;
  visibility: string;
}

export const emptyOfferValues = (): OfferFormValues => ({
  title: "",
  description: "",
  domains: [],
  availability: "",
  place_label: "",
  place_mode: "on_site",
  visibility: "public",
});

interface Props {
  t: Translate;
  lang: Lang;
  csrf?: string;
  domains: readonly DomainTerm[];
  values: OfferFormValues;
  errors?: FieldErrors;
}

type TextName = "title" | "availability" | "place_label";

export function OfferForm({ t, lang, csrf, domains, values: v, errors }: Props) {
  const text = (name: TextName, label: MessageKey, maxlength: number) => (
    <>
      <label for={name}>{t(label)}</label>
      <input id={name} name={name} type="text" required maxlength={maxlength} value={v[name]} {...describedBy(errors, name)} />
      <FieldError errors={errors} name={name} />
    </>
  );
  const select = (name: "place_mode" | "visibility", label: MessageKey, options: [string, MessageKey][]) => (
    <>
      <label for={name}>{t(label)}</label>
      <select id={name} name={name} {...describedBy(errors, name)}>
        {options.map(([value, key]) => (
          <option value={value} selected={v[name] === value}>
            {t(key)}
          </option>
        ))}
      </select>
      <FieldError errors={errors} name={name} />
    </>
  );
  return (
    <form method="post" action="/me/offers">
      <Csrf token={csrf} />
      {text("title", "form.title", 200)}
      <label for="description">{t("form.description")}</label>
      <p class="hint" id="description-hint">
        {t("offer.descriptionHint")}
      </p>
      <textarea id="description" name="description" rows={5} {...describedBy(errors, "description", true)}>
        {v.description}
      </textarea>
      <FieldError errors={errors} name="description" />
      <fieldset {...describedBy(errors, "domains")}>
        <legend>{t("form.domains")}</legend>
        {domains.map((d) => (
          <label>
            <input type="checkbox" name="domains" value={d.slug} checked={v.domains.includes(d.slug)} /> {d.label[lang]}
          </label>
        ))}
      </fieldset>
      <FieldError errors={errors} name="domains" />
      {text("availability", "offerForm.availability", 500)}
      {text("place_label", "offerForm.place", 200)}
      {select("place_mode", "form.mode", [
        ["on_site", "form.mode.on_site"],
        ["remote", "form.mode.remote"],
        ["both", "form.mode.both"],
      ])}
      {select("visibility", "form.visibility", [
        ["public", "form.visibility.public"],
        ["followers", "form.visibility.followers"],
        ["local", "form.visibility.local"],
      ])}
      <button type="submit">{t("offerForm.submit")}</button>
    </form>
  );
}

/** My open offers, each with its close button. */
export function MyOffers({ t, csrf, offers }: { t: Translate; csrf?: string; offers: Offer[] }) {
  return (
    <ul class="cards">
      {offers.map((o) => (
        <li>
          <h3>
            <a href={`/offers/${o.id}`}>🤝 {o.title}</a>
          </h3>
          <p class="meta">
            🗓 {o.availability} · 📍 {o.place.mode === "remote" ? t("need.remote") : o.place.label} · {t(`form.visibility.${o.visibility}`)}
          </p>
          <form method="post" action={`/me/offers/${o.id}/close`}>
            <Csrf token={csrf} />
            <button type="submit" class="secondary">
              {t("offerForm.close", { title: o.title })}
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}
