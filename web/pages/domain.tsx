import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import { Layout, type LayoutProps } from "../layout.tsx";

export function DomainsPage(props: Omit<LayoutProps, "title" | "children"> & { domains: readonly DomainTerm[] }) {
  return (
    <Layout {...props} title="Domaines">
      <h1>Domaines d'engagement</h1>
      <ul>
        {props.domains.map((d) => (
          <li>
            <a href={`/domains/${d.slug}`}>{d.label.fr}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function DomainPage(props: Omit<LayoutProps, "title" | "children"> & { domain: DomainTerm }) {
  const { domain } = props;
  return (
    <Layout {...props} title={domain.label.fr}>
      <h1>{domain.label.fr}</h1>
      <p lang="en">{domain.label.en}</p>
      <p>
        <a href={`/api/v1/missions?domain=${domain.slug}`}>Les besoins ouverts de ce domaine (API)</a>
      </p>
    </Layout>
  );
}
