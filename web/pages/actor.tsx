import { NeedCards, type NeedSummary } from "../components.tsx";
import { Layout, type OpenGraph, type PageProps } from "../layout.tsx";
import { type MapView, NeedsMap } from "../components/needs-map.tsx";
import { RemoteFollow } from "./need.tsx";
import { FollowButton, type FollowState, ResponseTime } from "../components/follows.tsx";

export interface ActorView {
  type: "Group" | "Person";
  handle: string;
  name: string;
  summary: string;
  /** The fediverse address: @handle@host. */
  address: string;
  website?: string | null;
  area?: string;
  contact?: string | null;
}

export function ActorPage(
  props: PageProps & {
    actor: ActorView;
    needs?: NeedSummary[];
    og: OpenGraph;
    /** Issue 13: following it from here, and its usual response time (hours; null: too few answers). */
    follow?: FollowState;
    followDone?: string;
    responseHours?: number | null;
    /** Issue 16: its open needs on a map (a supplement to their list). */
    map?: MapView;
  },
) {
  const { actor, t } = props;
  const group = actor.type === "Group";
  return (
    <Layout {...props} title={actor.name} feed={group ? `/@${actor.handle}/feed.xml` : undefined}>
      <h1>{actor.name}</h1>
      <p>
        <code>{actor.address}</code>
      </p>
      {actor.summary ? <p>{actor.summary}</p> : null}
      {actor.area ? <p>{t("org.area", { area: actor.area })}</p> : null}
      {actor.contact ? <p>{t("org.contact", { contact: actor.contact })}</p> : null}
      {group ? <ResponseTime t={t} hours={props.responseHours ?? null} /> : null}
      {actor.website ? (
        <p>
          <a href={actor.website} rel="nofollow noopener">
            {actor.website}
          </a>
        </p>
      ) : null}
      {props.needs?.length ? (
        <section aria-labelledby="needs">
          <h2 id="needs">{t("org.needs")}</h2>
          <NeedsMap t={t} map={props.map} />
          <NeedCards needs={props.needs} t={t} />
          <p>
            <a href={`/@${actor.handle}/feed.xml`}>{t("layout.feed")}</a> ·{" "}
            <a href={`/@${actor.handle}/feed.atom`}>{t("layout.atomFeed")}</a> ·{" "}
            <a href={`/@${actor.handle}/calendar`}>{t("nav.calendar")}</a> ·{" "}
            <a href={`/@${actor.handle}/calendar.ics`}>{t("calendar.ics")}</a>
          </p>
        </section>
      ) : null}
      {group ? (
        <section aria-labelledby="follow">
          <h2 id="follow">{t("org.follow")}</h2>
          <FollowButton t={t} handle={actor.handle} follow={props.follow} done={props.followDone} />
          <p>{t("org.followText", { address: actor.address })}</p>
          <RemoteFollow t={t} address={actor.address} />
        </section>
      ) : null}
    </Layout>
  );
}
