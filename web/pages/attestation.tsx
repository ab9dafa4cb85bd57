// An attestation of volunteering (src/domain/outcomes/attestations.ts), printable, at its
// verification address: what it states, or that it is no longer valid.
import type { Attestation } from "../../src/domain/outcomes/attestations.ts";
import { Layout, type PageProps } from "../layout.tsx";

export interface AttestationPageProps extends PageProps {
  attestation: Attestation;
  /** Its absolute verification address. */
  link: string;
  /** Days in words, by ISO date; `short`, in figures (the table's). */
  day: (iso: string) => string;
  short: (iso: string) => string;
  hours: (n: number) => string;
}

export function AttestationPage(props: AttestationPageProps) {
  const { t, attestation: a } = props;
  if (!a.valid) {
    return (
      <Layout {...props} title={t("att.title")} noindex>
        <h1>{t("att.title")}</h1>
        <p class="error" role="status">
          {t("att.invalid")}
        </p>
        <p>{t("att.invalidText")}</p>
      </Layout>
    );
  }
  return (
    <Layout {...props} title={t("att.title")} noindex>
      <article class="attestation" aria-labelledby="attestation-title">
        <h1 id="attestation-title">{t("att.title")}</h1>
        <p>{t("att.body", { organization: a.organization.name, name: a.volunteerName, hours: props.hours(a.hours) })}</p>
        <table>
            <thead>
              <tr>
                <th scope="col">{t("att.mission")}</th>
                <th scope="col">{t("att.period")}</th>
                <th scope="col">{t("att.sessions")}</th>
                <th scope="col">{t("att.hoursCol")}</th>
              </tr>
            </thead>
            <tbody>
              {a.missions.map((m) => (
                <tr>
                  <th scope="row">{m.title}</th>
                  <td>{m.from === m.to ? props.short(m.from) : `${props.short(m.from)} – ${props.short(m.to)}`}</td>
                  <td>{String(m.sessions)}</td>
                  <td>{props.hours(m.hours)}</td>
                </tr>
              ))}
            </tbody>
        </table>
        <p>{t("att.issued", { date: props.day(a.issued.slice(0, 10)), instance: props.instanceName })}</p>
        <p class="verify">{t("att.verify", { link: props.link })}</p>
        <p class="hint">{t("att.cec")}</p>
      </article>
    </Layout>
  );
}
