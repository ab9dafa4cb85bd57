import { Layout, type LayoutProps } from "../layout.tsx";

export function AboutPage(props: Omit<LayoutProps, "title" | "children"> & { host: string }) {
  return (
    <Layout {...props} title="À propos">
      <h1>À propos de {props.instanceName}</h1>
      <p>
        Ce serveur Entraide fédère ses besoins et ses offres de bénévolat par ActivityPub : on peut suivre ses
        organisations depuis Mastodon ou tout autre compte du fédivers.
      </p>
      <p>
        Adresse du serveur : <code>{props.host}</code>
      </p>
    </Layout>
  );
}
