import type { PublicNeed } from "../../src/domain/needs/model.ts";
import { Layout, type LayoutProps } from "../layout.tsx";

export interface NeedPageProps extends Omit<LayoutProps, "title" | "children"> {
  need: PublicNeed;
  /** The schedule in words ("chaque mardi, 14:00–16:00"). */
  when: string;
  domainLabels: string[];
  /** @asso@host */
  orgAddress: string;
  canApply: boolean;
}

export function NeedPage(props: NeedPageProps) {
  const { need } = props;
  const place = need.place.mode === "remote" ? "À distance" : need.place.label;
  return (
    <Layout {...props} title={need.title}>
      <article>
        <h1>{need.title}</h1>
        <p>
          Proposé par <a href={`/@${need.organization.handle}`}>{need.organization.name}</a>
        </p>
        <ul>
          <li>📅 {props.when}</li>
          <li>📍 {place}</li>
          <li>
            👥 {need.placesLeft} place{need.placesLeft > 1 ? "s" : ""} sur {need.volunteersWanted}
          </li>
          {need.deadline ? <li>⏳ Candidatures jusqu'au {need.deadline}</li> : null}
          <li>Domaines : {props.domainLabels.join(", ")}</li>
        </ul>
        {/* Sanitised when the need was saved (allow-list HTML). */}
        <div dangerouslySetInnerHTML={{ __html: need.descriptionHtml }} />
        {need.status === "open" ? (
          props.canApply ? (
            <form method="post" action={`/needs/${need.id}/apply`}>
              <input type="hidden" name="_csrf" value={props.signedIn?.csrf ?? ""} />
              <label for="message">Un mot pour l'association (facultatif)</label>
              <textarea id="message" name="message" rows={3} maxlength={5000} />
              <button type="submit">✋ Je peux aider</button>
            </form>
          ) : (
            <p>
              <a href={`/login?next=/needs/${need.id}`}>✋ Je peux aider : connectez-vous</a>
            </p>
          )
        ) : (
          <p>Cette mission n'attend plus de bénévoles ({need.status}).</p>
        )}
        <section aria-labelledby="follow">
          <h2 id="follow">Suivre depuis Mastodon</h2>
          <p>
            Depuis Mastodon ou un autre compte du fédivers, suivez <code>{props.orgAddress}</code>, ou répondez en
            message privé à cette mission pour proposer votre aide.
          </p>
        </section>
      </article>
    </Layout>
  );
}
