// A volunteer's hours and missions on their own page, and the attestations they may
// print (src/domain/outcomes/attestations.ts).
import type { VolunteerRecord } from "../../src/domain/outcomes/attestations.ts";
import { Csrf } from "../components.tsx";
import type { Translate } from "../i18n/index.ts";

export interface AttestationLink {
  id: string;
  organization: string;
  issued: string;
  hours: string;
}

export function MyVolunteering(props: {
  t: Translate;
  csrf?: string;
  records: VolunteerRecord[];
  attestations: AttestationLink[];
  hours: (n: number) => string;
  day: (iso: string) => string;
}) {
  const { t, records } = props;
  const hours = records.reduce((s, r) => s + r.hours, 0);
  const missions = records.reduce((s, r) => s + r.missions.length, 0);
  return (
    <section aria-labelledby="volunteering-heading">
      <h2 id="volunteering-heading">{t("me.record.title")}</h2>
      {records.length === 0 ? (
        <p>{t("me.record.none")}</p>
      ) : (
        <>
          <p class="lead" data-testid="volunteering-summary">
            {t("me.record.summary", { hours: props.hours(hours), count: missions })}
          </p>
          {records.map((r) => (
            <>
              <h3>{t("me.record.org", { name: r.organization.name, hours: props.hours(r.hours) })}</h3>
              <ul>
                {r.missions.map((m) => (
                  <li>
                    {t("me.record.mission", { title: m.title, count: m.sessions, hours: props.hours(m.hours), from: props.day(m.from), to: props.day(m.to) })}
                  </li>
                ))}
              </ul>
              <form method="post" action="/me/attestations">
                <Csrf token={props.csrf} />
                <input type="hidden" name="organization" value={r.organization.handle} />
                <button type="submit" class="secondary">
                  {t("me.record.attest", { name: r.organization.name })}
                </button>
              </form>
            </>
          ))}
        </>
      )}
      {props.attestations.length > 0 ? (
        <>
          <h3>{t("me.record.attestations")}</h3>
          <ul>
            {props.attestations.map((a) => (
              <li>
                <a href={`/attestations/${a.id}`}>{t("me.record.attestation", { organization: a.organization, date: props.day(a.issued.slice(0, 10)), hours: a.hours })}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
