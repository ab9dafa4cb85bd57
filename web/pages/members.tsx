import type { Member } from "../../src/domain/instance/directory.ts";
import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import { Layout, type PageProps } from "../layout.tsx";

export interface MembersProps extends PageProps {
  members: Member[];
  domains: readonly DomainTerm[];
}

export function MembersPage(props: MembersProps) {
  const { t } = props;
  const label = (slug: string) => props.domains.find((d) => d.slug === slug)?.label[props.lang] ?? slug;
  return (
    <Layout {...props} title={t("members.title")}>
      <h1>{t("members.title")}</h1>
      <p>{t("members.intro")}</p>
      {props.members.length === 0 ? (
        <p>{t("members.none")}</p>
      ) : (
        <ul>
          {props.members.map((m) => (
            <li>
              <a href={m.origin}>{m.name || m.origin}</a> — {t("members.open", { count: m.openNeeds })}
              {Object.keys(m.openNeedsByDomain).length ? (
                <ul>
                  {Object.entries(m.openNeedsByDomain).map(([slug, n]) => (
                    <li>
                      {label(slug)} : {n}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
