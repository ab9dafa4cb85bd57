// Small pieces shared by pages: need cards, field errors, the CSRF field.
import type { Translate } from "./i18n/index.ts";

/** A need as lists show it; handlers build it from a PublishedNeed. */
export interface NeedSummary {
  id: string;
  title: string;
  organization: { handle: string; name: string };
  when: string;
  place: string;
  placesLeft: number;
  volunteersWanted: number;
  /** "2 bénévoles sur 4 — 2 places restantes": the words of the need's page, its Note and the API. */
  count: string;
  /** From the point searched to the published point, in whole kilometres (0 is shown as "under 1 km"). */
  distanceKm?: number;
}

export function NeedCards({ needs, t, headingLevel = 3 }: { needs: NeedSummary[]; t: Translate; headingLevel?: 2 | 3 }) {
  return (
    <ul class="cards">
      {needs.map((n) => (
        <li>
          {headingLevel === 2 ? (
            <h2>
              <a href={`/needs/${n.id}`}>{n.title}</a>
            </h2>
          ) : (
            <h3>
              <a href={`/needs/${n.id}`}>{n.title}</a>
            </h3>
          )}
          <p class="meta">
            {n.organization.name} · 📅 {n.when} · 📍 {n.place}
            {n.distanceKm !== undefined && Number.isFinite(n.distanceKm)
              ? ` (${n.distanceKm < 1 ? t("search.distanceUnder1") : t("search.distance", { km: Math.round(n.distanceKm) })})`
              : ""}
          </p>
          <p class="meta">
            👥 {n.count}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** Errors by field name, as handlers collect them from DomainError or zod. */
export type FieldErrors = Record<string, string>;

export function FieldError({ errors, name }: { errors?: FieldErrors; name: string }) {
  const message = errors?.[name];
  return message ? (
    <p class="error" id={`${name}-error`}>
      {message}
    </p>
  ) : null;
}

/** aria attributes that tie a field to its hint (`${name}-hint`, when it has one) and its error message. */
export function describedBy(errors: FieldErrors | undefined, name: string, hint = false) {
  const ids = [hint ? `${name}-hint` : "", errors?.[name] ? `${name}-error` : ""].filter(Boolean).join(" ");
  return { ...(errors?.[name] ? { "aria-invalid": "true" } : {}), ...(ids ? { "aria-describedby": ids } : {}) };
}

export function Csrf({ token }: { token?: string }) {
  return <input type="hidden" name="_csrf" value={token ?? ""} />;
}

export function FormAlert({ errors, t }: { errors?: FieldErrors; t: Translate }) {
  if (!errors || Object.keys(errors).length === 0) return null;
  const general = errors._form;
  return (
    <p class="error" role="alert">
      {general ?? t("form.invalid")}
    </p>
  );
}
