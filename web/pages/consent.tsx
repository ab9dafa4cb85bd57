// The instance's terms changed: what changed, where to read it, and the choice
// (accept, or see one's data and delete the account, or sign out).
import type { TermsPart } from "../../src/domain/consent/terms.ts";
import { Csrf } from "../components.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export interface ConsentProps extends PageProps {
  changed: TermsPart[];
  /** When the version in force was published (ISO); empty: the first one. */
  published: string;
  next: string;
  error?: string;
}

const ANCHORS: Record<TermsPart, string> = { rules: "#rules", charter: "#charter", privacy: "#privacy" };

export function ConsentPage(props: ConsentProps) {
  const { t } = props;
  const parts: TermsPart[] = props.changed.length ? props.changed : ["rules", "charter", "privacy"];
  return (
    <Layout {...props} title={t("consent.title")}>
      <h1>{t("consent.title")}</h1>
      <p>{t("consent.intro")}</p>
      <ul>
        {parts.map((part) => (
          <li>
            <a href={`/about${ANCHORS[part]}`}>{t(`consent.part.${part}`)}</a>
          </li>
        ))}
      </ul>
      <form method="post" action="/consent">
        <Csrf token={props.signedIn?.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <p>
          <input id="accept" name="accept" type="checkbox" value="yes" required aria-describedby={props.error ? "accept-error" : undefined} />{" "}
          <label for="accept" class="inline">
            {t("consent.accept")}
          </label>
        </p>
        {props.error ? (
          <p class="error" id="accept-error" role="alert">
            {props.error}
          </p>
        ) : null}
        <button type="submit">{t("consent.submit")}</button>
      </form>
      <p>{t("consent.otherwise")}</p>
      <ul>
        <li>
          <a href="/me/data">{t("consent.data")}</a>
        </li>
        <li>
          <form method="post" action="/logout" class="inline">
            <Csrf token={props.signedIn?.csrf} />
            <button type="submit" class="secondary">
              {t("consent.logout")}
            </button>
          </form>
        </li>
      </ul>
    </Layout>
  );
}
