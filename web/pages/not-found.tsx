import { Layout, type LayoutProps } from "../layout.tsx";

export function NotFound(props: Omit<LayoutProps, "title" | "children"> & { message: string }) {
  return (
    <Layout {...props} title="Introuvable">
      <h1>Introuvable</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">Retour à l'accueil</a>
      </p>
    </Layout>
  );
}
