// The page behind a remote volunteer's private link: their need's details, or why the
// link no longer works (410). Not indexed, not cached, no referrer sent onwards.
import { VolunteerDetailsBlock } from "../components/volunteer-details.tsx";
import type { VolunteerDetails } from "../../src/domain/volunteer-details/details.ts";
import { Layout, type PageProps } from "../layout.tsx";

export function VolunteerLinkPage(props: PageProps & { details?: VolunteerDetails }) {
  const { t, details } = props;
  const title = details ? t("details.pageTitle", { title: details.title }) : t("details.goneTitle");
  return (
    <Layout {...props} title={title} noindex>
      <h1>{title}</h1>
      {details ? <VolunteerDetailsBlock t={t} details={details} /> : <p>{t("details.gone")}</p>}
    </Layout>
  );
}
