import { Layout, type OpenGraph, type PageProps } from "../layout.tsx";

export interface AboutProps extends PageProps {
  host: string;
  admins: { username: string; name: string }[];
  /** Hosts of the servers we exchange with. */
  peers: string[];
  og: OpenGraph;
}

export function AboutPage(props: AboutProps) {
  const { t } = props;
  return (
    <Layout {...props} title={t("about.title")}>
      <h1>{t("about.heading", { name: props.instanceName })}</h1>
      <p>{t("about.intro")}</p>
      <p>{t("about.host", { host: props.host })}</p>
      <h2 id="rules">{t("about.rules")}</h2>
      <ol>
        <li>{t("about.rule1")}</li>
        <li>{t("about.rule2")}</li>
        <li>{t("about.rule3")}</li>
      </ol>
      <h2 id="privacy">{t("about.privacy")}</h2>
      <p>{t("about.privacyText")}</p>
      <h2 id="contact">{t("about.contact")}</h2>
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
