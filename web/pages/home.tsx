import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import { NeedCards, type NeedSummary } from "../components.tsx";
import { Layout, type OpenGraph, type PageProps } from "../layout.tsx";

export interface HomeProps extends PageProps {
  needs: NeedSummary[];
  /** Every domain with its open needs' count (the viewer's), in the vocabulary's order: the pilot's first. */
  domains: readonly (DomainTerm & { open: number })[];
  /** The place asked for, and whether we could locate it. */
  place?: { text: string; found: boolean };
  og: OpenGraph;
}

/** A list of domains, each with its open needs' count. */
function DomainList(props: { domains: HomeProps["domains"]; t: HomeProps["t"]; lang: HomeProps["lang"] }) {
  const { t, lang } = props;
  return (
    <ul>
      {props.domains.map((d) => (
        <li>
          <a href={`/search?domain=${d.slug}`}>{d.label[lang]}</a> ({t(new Intl.PluralRules(lang).select(d.open) === "one" ? "home.openOne" : "home.openMany", { count: d.open })})
        </li>
      ))}
    </ul>
  );
}

export function HomePage(props: HomeProps) {
  const { t, lang, place } = props;
  const pilot = props.domains.filter((d) => d.pilot);
  const others = props.domains.filter((d) => !d.pilot);
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
        <input
          id="place"
          name="place"
          type="text"
          aria-describedby="place-hint"
          value={place?.text ?? ""}
          list="home-communes"
          data-suggest="/api/v1/places"
          autocomplete="off"
        />
        <datalist id="home-communes" />
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
        <DomainList domains={pilot} t={t} lang={lang} />
        {others.some((d) => d.open > 0) ? (
          <>
            <h3>{t("home.otherDomains")}</h3>
            <DomainList domains={others.filter((d) => d.open > 0)} t={t} lang={lang} />
          </>
        ) : null}
        {others.some((d) => d.open === 0) ? (
          <details>
            <summary>{t("home.emptyDomains", { count: others.filter((d) => d.open === 0).length })}</summary>
            <DomainList domains={others.filter((d) => d.open === 0)} t={t} lang={lang} />
          </details>
        ) : null}
      </section>
    </Layout>
  );
}
