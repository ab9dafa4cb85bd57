import type { RetentionSettings } from "../../src/domain/privacy/retention-settings.ts";
import type { VolunteerAgeSettings } from "../../src/domain/safeguarding/age.ts";
import { Layout, type OpenGraph, type PageProps } from "../layout.tsx";

export interface AboutProps extends PageProps {
  host: string;
  admins: { username: string; name: string }[];
  /** Hosts of the servers we exchange with. */
  peers: string[];
  /** The administrators' description of the instance (plain text); empty: none. */
  description: string;
  /** The administrators' rules and privacy policy (sanitised HTML); absent: the standard ones. */
  rulesHtml?: string;
  privacyHtml?: string;
  /** The administrators' charter for volunteers (sanitised HTML); absent: the standard one. */
  charterHtml?: string;
  /** Empty: none given. */
  contactEmail: string;
  registrationsOpen: boolean;
  /** The durations in force, printed with the privacy policy. */
  retention: RetentionSettings;
  /** Who may volunteer, printed with the safeguarding rule. */
  volunteers: VolunteerAgeSettings;
  og: OpenGraph;
}

export function AboutPage(props: AboutProps) {
  const { t } = props;
  return (
    <Layout {...props} title={t("about.title")}>
      <h1>{t("about.heading", { name: props.instanceName })}</h1>
      {props.description ? <p class="lead">{props.description}</p> : null}
      <p>{t("about.intro")}</p>
      <p>{t("about.host", { host: props.host })}</p>
      <p>{props.registrationsOpen ? t("about.registrationsOpen") : t("about.registrationsClosed")}</p>
      <h2 id="rules">{t("about.rules")}</h2>
      {props.rulesHtml ? (
        <div dangerouslySetInnerHTML={{ __html: props.rulesHtml }} />
      ) : (
        <ol>
          <li>{t("about.rule1")}</li>
          <li>{t("about.rule2")}</li>
          <li>{t("about.rule3")}</li>
        </ol>
      )}
      <h2 id="charter">{t("about.charter")}</h2>
      {props.charterHtml ? (
        <div dangerouslySetInnerHTML={{ __html: props.charterHtml }} />
      ) : (
        <ol>
          <li>{t("about.charter1")}</li>
          <li>{t("about.charter2")}</li>
          <li>{t("about.charter3")}</li>
          <li>{t("about.charter4")}</li>
        </ol>
      )}
      <h2 id="privacy">{t("about.privacy")}</h2>
      {props.privacyHtml ? <div dangerouslySetInnerHTML={{ __html: props.privacyHtml }} /> : <p>{t("about.privacyText")}</p>}
      <h3 id="retention">{t("about.retention")}</h3>
      <ul>
        <li>{t("about.retention.beneficiary", { months: props.retention.beneficiaryMonths })}</li>
        <li>{t("about.retention.applications", { months: props.retention.applicationsMonths })}</li>
        <li>{t("about.retention.messages", { months: props.retention.messagesMonths })}</li>
        <li>{t("about.retention.inactive", { years: props.retention.inactiveYears })}</li>
        <li>{t("about.retention.audit", { months: props.retention.auditMonths })}</li>
      </ul>
      <p>{t("about.retention.rights")}</p>
      <h3 id="safeguarding">{t("about.safeguarding")}</h3>
      <ul>
        <li>
          {props.volunteers.minorsWithGuardianConsent && props.volunteers.minimumAge < 18
            ? t("about.safeguarding.minors", { age: props.volunteers.minimumAge })
            : t("about.safeguarding.adults")}
        </li>
        <li>{t("about.safeguarding.check")}</li>
        <li>{t("about.safeguarding.kept")}</li>
      </ul>
      <h2 id="contact">{t("about.contact")}</h2>
      {props.contactEmail ? (
        <p>
          {t("about.contactEmail")} <a href={`mailto:${props.contactEmail}`}>{props.contactEmail}</a>
        </p>
      ) : null}
      <h3>{t("about.admins")}</h3>
      <ul>
        {props.admins.map((a) => (
          <li>
            <a href={`/@${a.username}`}>{a.name}</a> (<code>{`@${a.username}@${props.host}`}</code>)
          </li>
        ))}
      </ul>
      <h2 id="federation">{t("about.federation")}</h2>
      {props.peers.length ? (
        <ul>
          {props.peers.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      ) : (
        <p>{t("about.noFederation")}</p>
      )}
    </Layout>
  );
}
