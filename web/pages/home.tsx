import { Layout, type LayoutProps } from "../layout.tsx";

export function HomePage(props: Omit<LayoutProps, "title" | "children">) {
  return (
    <Layout {...props} title="Accueil">
      <h1>{props.instanceName}</h1>
      <p>
        Les associations et les services de la commune publient ici leurs besoins de bénévoles, et chacun peut
        proposer son aide.
      </p>
    </Layout>
  );
}
