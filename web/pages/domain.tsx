import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import { NeedCards, type NeedSummary } from "../components.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export function DomainsPage(props: PageProps & { domains: readonly DomainTerm[] }) {
  const { t, lang } = props;
  return (
    <Layout {...props} title={t("domains.title")}>
      <h1>{t("domains.title")}</h1>
      <ul>
        {props.domains.map((d) => (
          <li>
            <a href={`/domains/${d.slug}`}>{d.label[lang]}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function DomainPage(props: PageProps & { domain: DomainTerm; needs: NeedSummary[] }) {
  const { domain, t, lang } = props;
  const other = lang === "fr" ? "en" : "fr";
  return (
    <Layout {...props} title={domain.label[lang]} feed={`/domains/${domain.slug}/feed.xml`}>
      <h1>{domain.label[lang]}</h1>
      <p lang={other}>{domain.label[other]}</p>
      <h2>{t("domain.open")}</h2>
      {props.needs.length ? <NeedCards needs={props.needs} t={t} /> : <p>{t("home.none")}</p>}
      <p>
        <a href={`/domains/${domain.slug}/feed.xml`}>{t("layout.feed")}</a> ·{" "}
        <a href={`/domains/${domain.slug}/feed.atom`}>{t("layout.atomFeed")}</a>
      </p>
    </Layout>
  );
}
