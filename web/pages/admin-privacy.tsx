// The instance's record of processing activities (GDPR art. 30), filled from the
// settings in force: what is processed, why, on what legal basis, about whom, who
// receives it and for how long. Printable: the header, navigation and footer are
// not printed.
import { When } from "../components/when.tsx";
import type { RetentionSettings } from "../../src/domain/privacy/retention-settings.ts";
import type { VolunteerAgeSettings } from "../../src/domain/safeguarding/age.ts";
import type { MessageKey } from "../i18n/index.ts";
import { Layout, type PageProps } from "../layout.tsx";
import { AdminNav } from "./admin-nav.tsx";

export interface PrivacyRecordProps extends PageProps {
  controller: { name: string; host: string; contactEmail: string };
  retention: RetentionSettings;
  /** Who may volunteer (the safeguarding settings in force). */
  volunteers: VolunteerAgeSettings;
  /** Whether mail is sent through an SMTP server (a processor to list). */
  smtp: boolean;
  /** When the record was printed (ISO). */
  at: string;
}

const ACTIVITIES = ["accounts", "applications", "beneficiaries", "safeguarding", "messages", "alerts", "federation", "moderation"] as const;
const COLUMNS = ["purpose", "basis", "data", "people", "recipients", "duration"] as const;

export function PrivacyRecordPage(props: PrivacyRecordProps) {
  const { t, retention: r } = props;
  const values = {
    months: r.beneficiaryMonths,
    applicationsMonths: r.applicationsMonths,
    messagesMonths: r.messagesMonths,
    years: r.inactiveYears,
    auditMonths: r.auditMonths,
    minimumAge: props.volunteers.minimumAge,
    minors: t(props.volunteers.minorsWithGuardianConsent && props.volunteers.minimumAge < 18 ? "record.minorsYes" : "record.minorsNo"),
  };
  const cell = (activity: (typeof ACTIVITIES)[number], column: (typeof COLUMNS)[number]) =>
    (t as (key: MessageKey, v?: Record<string, string | number>) => string)(`record.${activity}.${column}` as MessageKey, values);
  return (
    <Layout {...props} title={t("record.title")}>
      <AdminNav t={t} signedIn={props.signedIn} current="privacy" />
      <h1>{t("record.title")}</h1>
      <p>{t("record.intro")}</p>
      <dl>
        <dt>{t("record.controller")}</dt>
        <dd>
          {props.controller.name} ({props.controller.host})
        </dd>
        <dt>{t("record.contact")}</dt>
        <dd>{props.controller.contactEmail || t("record.contactMissing")}</dd>
        <dt>{t("record.printed")}</dt>
        <dd>
          <When lang={props.lang} iso={props.at} />
        </dd>
      </dl>
      {ACTIVITIES.map((activity) => (
        <section aria-labelledby={`record-${activity}`}>
          <h2 id={`record-${activity}`}>{t(`record.${activity}` as MessageKey)}</h2>
          <dl>
            {COLUMNS.map((column) => (
              <>
                <dt>{t(`record.column.${column}` as MessageKey)}</dt>
                <dd>{cell(activity, column)}</dd>
              </>
            ))}
          </dl>
        </section>
      ))}
      <section aria-labelledby="record-processors">
        <h2 id="record-processors">{t("record.processors")}</h2>
        <ul>
          <li>{t("record.processors.host")}</li>
          {props.smtp ? <li>{t("record.processors.smtp")}</li> : null}
        </ul>
      </section>
      <section aria-labelledby="record-todo">
        <h2 id="record-todo">{t("record.todo")}</h2>
        <ul>
          <li>{t("record.todo.dpo")}</li>
          <li>{t("record.todo.contracts")}</li>
          <li>{t("record.todo.logs")}</li>
          <li>{t("record.todo.aipd")}</li>
        </ul>
        <p>{t("record.seeAlso")}</p>
      </section>
    </Layout>
  );
}

