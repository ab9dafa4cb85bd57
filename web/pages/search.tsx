import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import { FieldError, type FieldErrors, NeedCards, type NeedSummary, describedBy } from "../components.tsx";
import { Layout, type PageProps } from "../layout.tsx";
import { type MapView, NeedsMap } from "../components/needs-map.tsx";

export interface SearchQuery {
  q: string;
  domain: string;
  from: string;
  to: string;
  place: string;
  near: string;
  radius: string;
  /** Only needs that can be done at a distance. */
  atDistance: boolean;
}

export interface SearchProps extends PageProps {
  query: SearchQuery;
  domains: readonly DomainTerm[];
  results?: NeedSummary[];
  /** The URL of the next page, when there is one. */
  next?: string;
  errors?: FieldErrors;
  /** Issue 16: the results on a map, as a supplement to their list. */
  map?: MapView;
}

export function SearchPage(props: SearchProps) {
  const { t, lang, query, errors } = props;
  return (
    <Layout {...props} title={t("search.title")}>
      <h1>{t("search.title")}</h1>
      <form method="get" action="/search">
        <label for="q">{t("search.q")}</label>
        <input id="q" name="q" type="search" value={query.q} />
        <label for="domain">{t("search.domain")}</label>
        <select id="domain" name="domain">
          <option value="">{t("search.anyDomain")}</option>
          {props.domains.map((d) => (
            <option value={d.slug} selected={d.slug === query.domain}>
              {d.label[lang]}
            </option>
          ))}
        </select>
        <label for="from">{t("search.from")}</label>
        <input id="from" name="from" type="date" value={query.from} {...describedBy(errors, "from")} />
        <FieldError errors={errors} name="from" />
        <label for="to">{t("search.to")}</label>
        <input id="to" name="to" type="date" value={query.to} {...describedBy(errors, "to")} />
        <FieldError errors={errors} name="to" />
        <label for="place">{t("search.place")}</label>
        <p class="hint" id="place-hint">
          {t("home.placeHint")}
        </p>
        <input
          id="place"
          name="place"
          type="text"
          value={query.place}
          list="search-communes"
          data-suggest="/api/v1/places"
          autocomplete="off"
          aria-describedby={errors?.place ? "place-hint place-error" : "place-hint"}
          {...(errors?.place ? { "aria-invalid": "true" } : {})}
        />
        <datalist id="search-communes" />
        <FieldError errors={errors} name="place" />
        {/* Coordinates are for the few who have them: out of the way, open when used or wrong. */}
        <details class="advanced" open={Boolean(query.near || errors?.near)}>
          <summary>{t("search.advanced")}</summary>
          <label for="near">{t("search.near")}</label>
          <p class="hint" id="near-hint">
            {t("search.nearHint")} <code>45.76,4.83</code>
          </p>
          <input id="near" name="near" type="text" inputmode="decimal" value={query.near} aria-describedby="near-hint" />
          <FieldError errors={errors} name="near" />
        </details>
        <label for="radius">{t("search.radius")}</label>
        <input id="radius" name="radius" type="number" min="1" max="500" value={query.radius} />
        <p>
          <input id="distance" name="distance" type="checkbox" value="1" checked={query.atDistance} />{" "}
          <label for="distance" class="inline">
            {t("search.atDistance")}
          </label>
        </p>
        <button type="submit">{t("search.submit")}</button>
      </form>
      {props.results ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t("search.results", { count: props.results.length })}</h2>
          <NeedsMap t={t} map={props.map} />
          {props.results.length ? <NeedCards needs={props.results} t={t} /> : <p>{t("search.none")}</p>}
          {props.next ? (
            <p>
              <a href={props.next} rel="next">
                {t("search.next")}
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}
