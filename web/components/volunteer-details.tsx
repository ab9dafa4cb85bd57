// "Pour vous, bénévole accepté·e": the exact address, the contact and the practical
// details of a need, shown only to whom the access policy admits (its accepted
// volunteer here, or the holder of a remote volunteer's private link). Handlers
// decide; this only shows what it is given.
import type { VolunteerDetails } from "../../src/domain/volunteer-details/details.ts";
import type { Translate } from "../i18n/index.ts";

export function VolunteerDetailsBlock(props: { t: Translate; details: VolunteerDetails; headingLevel?: 2 | 3; id?: string }) {
  const { t, details } = props;
  const id = props.id ?? `details-${details.needId}`;
  const heading = props.headingLevel === 3 ? <h3 id={id}>{t("details.title")}</h3> : <h2 id={id}>{t("details.title")}</h2>;
  const nothing = !details.address && !details.contact && !details.practicalDetails;
  return (
    <section aria-labelledby={id} class="volunteer-details">
      {heading}
      {nothing ? <p>{t("details.none")}</p> : null}
      <dl>
        {details.address ? (
          <>
            <dt>{t("details.address")}</dt>
            <dd>{details.address}</dd>
          </>
        ) : null}
        {details.contact ? (
          <>
            <dt>{t("details.contact")}</dt>
            <dd>{details.contact}</dd>
          </>
        ) : null}
        {details.practicalDetails ? (
          <>
            <dt>{t("details.practical")}</dt>
            <dd class="pre-line">{details.practicalDetails}</dd>
          </>
        ) : null}
      </dl>
      <p class="hint">{t("details.private")}</p>
    </section>
  );
}
