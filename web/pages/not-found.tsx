import { Layout, type PageProps } from "../layout.tsx";

export function NotFound(props: PageProps & { message: string; heading?: string }) {
  const { t } = props;
  return (
    <Layout {...props} title={props.heading ?? t("error.notFound")}>
      <h1>{props.heading ?? t("error.notFound")}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">{t("error.back")}</a>
      </p>
    </Layout>
  );
}
