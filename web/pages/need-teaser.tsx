// A followers-only or local need, asked for by a visitor not signed in (the access
// policy's `teaser`): what kind of need it is, whose, and how to see it. Never its
// title, description or anything private: the view receives only a NeedTeaser.
import type { NeedTeaser } from "../../src/domain/needs/teaser.ts";
import { HelpSignIn } from "../components/help-sign-in.tsx";
import { Layout, type PageProps } from "../layout.tsx";
import { RemoteFollow } from "./need.tsx";

export interface NeedTeaserPageProps extends PageProps {
  teaser: NeedTeaser;
  /** The schedule in words. */
  when: string;
  domainLabels: string[];
  /** The place in words (a neighbourhood, "remote"…). */
  place: string;
  /** @asso@host */
  orgAddress: string;
}

export function NeedTeaserPage(props: NeedTeaserPageProps) {
  const { teaser, t } = props;
  const title = t("teaser.title", { organization: teaser.organization.name });
  return (
    <Layout {...props} title={title}>
      <article>
        <h1>{title}</h1>
        <p>
          {t("need.by")} <a href={`/@${teaser.organization.handle}`}>{teaser.organization.name}</a>
        </p>
        <p>
          {t("teaser.intro", {
            instance: props.instanceName,
            followers: teaser.visibility === "followers" ? t("teaser.followersToo") : "",
          })}
        </p>
        <h2>{t("teaser.kind")}</h2>
        <ul>
          <li>{t("need.domains", { list: props.domainLabels.join(", ") })}</li>
          <li>📍 {props.place}</li>
          <li>📅 {props.when}</li>
          {teaser.status !== "open" ? <li>{t("need.closed", { status: t(`status.${teaser.status}`) })}</li> : null}
        </ul>
        <h2>{t("teaser.how")}</h2>
        <HelpSignIn t={t} needId={teaser.id} />
        {teaser.visibility === "followers" ? (
          <section aria-labelledby="follow" class="follow-second">
            <h2 id="follow">{t("need.follow")}</h2>
            <p>{t("teaser.followMastodon", { address: props.orgAddress })}</p>
            <RemoteFollow t={t} address={props.orgAddress} />
          </section>
        ) : null}
      </article>
    </Layout>
  );
}
