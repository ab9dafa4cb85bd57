import { Layout, type LayoutProps } from "../layout.tsx";

export interface ActorView {
  type: "Group" | "Person";
  handle: string;
  name: string;
  summary: string;
  /** The fediverse address: @handle@host. */
  address: string;
  website?: string | null;
}

export function ActorPage(
  props: Omit<LayoutProps, "title" | "children"> & { actor: ActorView; needs?: { id: string; title: string }[] },
) {
  const { actor } = props;
  return (
    <Layout {...props} title={actor.name}>
      <h1>{actor.name}</h1>
      <p>
        <code>{actor.address}</code>
      </p>
      {actor.summary ? <p>{actor.summary}</p> : null}
      {actor.website ? (
        <p>
          <a href={actor.website} rel="nofollow noopener">
            {actor.website}
          </a>
        </p>
      ) : null}
      {props.needs?.length ? (
        <section aria-labelledby="needs">
          <h2 id="needs">Besoins en cours</h2>
          <ul>
            {props.needs.map((n) => (
              <li>
                <a href={`/needs/${n.id}`}>{n.title}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {actor.type === "Group" ? (
        <section aria-labelledby="follow">
          <h2 id="follow">Suivre depuis Mastodon</h2>
          <p>
            Cherchez <code>{actor.address}</code> depuis votre compte Mastodon (ou tout autre compte du fédivers)
            pour recevoir ses besoins de bénévoles dans votre fil.
          </p>
        </section>
      ) : null}
    </Layout>
  );
}
