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
  /** An organisation's description, rendered from its Markdown and sanitised. */
  descriptionHtml?: string;
  /** Its domains of action, by their labels in the page's language. */
  domains?: string[];
  /** Its logo, served by this instance. */
  logo?: { src: string; alt: string; width: number; height: number };
  image?: { src: string; alt: string; width: number; height: number };
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
      <div class="profile-head">
        {actor.logo ? <img class="logo" src={actor.logo.src} alt={actor.logo.alt} width={actor.logo.width} height={actor.logo.height} /> : null}
        <div>
          <h1>{actor.name}</h1>
          <p>
            <code>{actor.address}</code>
          </p>
        </div>
      </div>
      {actor.image ? (
        <figure class="picture">
          <img src={actor.image.src} alt={actor.image.alt} width={actor.image.width} height={actor.image.height} />
        </figure>
      ) : null}
      {actor.descriptionHtml ? (
        <div class="profile-description" dangerouslySetInnerHTML={{ __html: actor.descriptionHtml }} />
      ) : actor.summary ? (
        <p>{actor.summary}</p>
      ) : null}
      {actor.area ? <p>{t("org.area", { area: actor.area })}</p> : null}
      {actor.domains?.length ? (
        <p>
          {t("org.domains", { domains: actor.domains.join(", ") })}
        </p>
      ) : null}
      {actor.contact ? <p>{t("org.contact", { contact: actor.contact })}</p> : null}
      {group ? <ResponseTime t={t} hours={props.responseHours ?? null} /> : null}
      {actor.website ? (
        <p>
          {t("org.website")}{" "}
          <a href={actor.website} rel="nofollow noopener">
            {actor.website.replace(/^https?:\/\//, "").replace(/\/$/, "")}
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
