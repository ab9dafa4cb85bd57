// Following an organisation of this instance (issue 13): the button on its page,
// "My organisations" in /me with their open needs and the alerts switch, and the
// organisation's usual response time in words.
import { Csrf, NeedCards, type NeedSummary } from "../components.tsx";
import type { Translate } from "../i18n/index.ts";

/** Where a signed-in visitor stands with an organisation; absent for visitors not signed in. */
export interface FollowState {
  following: boolean;
  csrf: string;
}

export function FollowButton(props: { t: Translate; handle: string; follow?: FollowState; done?: string }) {
  const { t, handle, follow } = props;
  if (!follow) {
    return (
      <p>
        <a href={`/login?next=${encodeURIComponent(`/@${handle}`)}`}>{t("follow.signIn")}</a>
      </p>
    );
  }
  return (
    <>
      {props.done ? (
        <p class="notice" role="status">
          {props.done}
        </p>
      ) : null}
      {follow.following ? <p>{t("follow.following")}</p> : null}
      <form method="post" action={`/follows/${handle}${follow.following ? "/delete" : ""}`}>
        <Csrf token={follow.csrf} />
        <button type="submit" class={follow.following ? "secondary" : undefined}>
          {follow.following ? t("follow.unfollow") : t("follow.button")}
        </button>
      </form>
    </>
  );
}

export interface FollowedView {
  handle: string;
  name: string;
  alerts: boolean;
  needs: NeedSummary[];
}

export function MyOrganizations(props: { t: Translate; csrf?: string; followed: FollowedView[] }) {
  const { t } = props;
  return (
    <section aria-labelledby="follows-heading">
      <h2 id="follows-heading">{t("follow.mine")}</h2>
      {props.followed.length === 0 ? <p>{t("follow.none")}</p> : null}
      {props.followed.map((o) => (
        <article aria-labelledby={`follow-${o.handle}`}>
          <h3 id={`follow-${o.handle}`}>
            <a href={`/@${o.handle}`}>{o.name}</a>
          </h3>
          {o.needs.length ? <NeedCards needs={o.needs} t={t} /> : <p>{t("follow.noOpen")}</p>}
          <form method="post" action={`/follows/${o.handle}/alerts`}>
            <Csrf token={props.csrf} />
            <input type="hidden" name="alerts" value="0" />
            <input id={`alerts-${o.handle}`} name="alerts" type="checkbox" value="1" checked={o.alerts} />
            <label for={`alerts-${o.handle}`}>{t("follow.alerts")}</label>
            <button type="submit">{t("follow.alertsSave")}</button>
          </form>
          <form method="post" action={`/follows/${o.handle}/delete`}>
            <Csrf token={props.csrf} />
            <input type="hidden" name="back" value="me" />
            <button type="submit" class="secondary">
              {t("follow.unfollow")}
            </button>
          </form>
        </article>
      ))}
    </section>
  );
}

/** "Usually answers within 2 days"; nothing below the minimum of decided applications (`hours` null). */
export function ResponseTime(props: { t: Translate; hours: number | null }) {
  const { t, hours } = props;
  if (hours === null) return null;
  const days = Math.round(hours / 24);
  const text = hours < 24 ? t("response.hours") : days <= 1 ? t("response.day") : t("response.days", { count: days });
  return <p class="response-time">{text}</p>;
}
