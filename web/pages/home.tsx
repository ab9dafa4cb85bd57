import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import { NeedCards, type NeedSummary } from "../components.tsx";
import { Layout, type OpenGraph, type PageProps } from "../layout.tsx";

export interface HomeProps extends PageProps {
  needs: NeedSummary[];
  domains: readonly DomainTerm[];
  /** The place asked for, and whether we could locate it. */
  place?: { text: string; found: boolean };
  og: OpenGraph;
}

export function HomePage(props: HomeProps) {
  const { t, lang, place } = props;
  return (
    <Layout {...props} title={t("home.title")}>
      <h1>{props.instanceName}</h1>
      <p>{t("home.intro")}</p>
      <form method="get" action="/" aria-labelledby="near-heading">
        <h2 id="near-heading">{t("home.near")}</h2>
        <label for="place">{t("home.placeLabel")}</label>
        <p class="hint" id="place-hint">
          {t("home.placeHint")}
        </p>
        <input id="place" name="place" type="text" aria-describedby="place-hint" value={place?.text ?? ""} />
        <button type="submit">{t("home.show")}</button>
      </form>
      <section aria-labelledby="open-heading">
        <h2 id="open-heading">
          {place?.found ? t("home.nearPlace", { place: place.text }) : t("home.open")}
        </h2>
        {place && !place.found ? <p>{t("home.unknownPlace", { place: place.text })}</p> : null}
        {props.needs.length ? <NeedCards needs={props.needs} t={t} /> : <p>{t("home.none")}</p>}
      </section>
      <section aria-labelledby="domains-heading">
        <h2 id="domains-heading">{t("home.byDomain")}</h2>
        <ul>
          {props.domains.map((d) => (
            <li>
              <a href={`/search?domain=${d.slug}`}>{d.label[lang]}</a>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
