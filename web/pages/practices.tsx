// Good-practice sheets: the library (local and received sheets, searched by words
// and domain), a sheet's page (its texts, its computed results, where it was tried,
// "try it too"), and the form a coordinator writes one with. Plain props only.
import { formatDay } from "../i18n/format.ts";
import { raw } from "hono/html";
import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import type { Indicators, TryReport } from "../../src/domain/practices/model.ts";
import { Csrf, describedBy, FieldError, type FieldErrors, FormAlert } from "../components.tsx";
import type { Lang, Translate } from "../i18n/index.ts";
import { indicatorsText } from "../i18n/practice-words.ts";
import { Layout, type PageProps } from "../layout.tsx";

export interface PracticeCard {
  href: string;
  title: string;
  summary: string;
  by: string;
  domains: string[];
  indicators: Indicators;
  combined: (Indicators & { atLeast: boolean }) | null;
  tries: number;
}

export interface LibraryProps extends PageProps {
  q: string;
  domain: string;
  domains: readonly DomainTerm[];
  items: PracticeCard[];
  next: string | null;
  mayWrite: boolean;
  members: { sheets: number; indicators: Indicators & { atLeast: boolean } } | null;
}

export function LibraryPage(props: LibraryProps) {
  const { t, lang } = props;
  return (
    <Layout {...props} title={t("practices.title")}>
      <h1>{t("practices.title")}</h1>
      <p class="lead">{t("practices.intro")}</p>
      {props.mayWrite ? (
        <p>
          <a href="/practices/new">{t("practices.new")}</a>
        </p>
      ) : null}
      {props.members ? <p class="notice">{t("practices.aggregate", { count: props.members.sheets, indicators: indicatorsText(t, props.members.indicators) })}</p> : null}
      <h2 id="search">{t("practices.search")}</h2>
      <form method="get" action="/practices" aria-labelledby="search">
        <label for="q">{t("practices.words")}</label>
        <input id="q" name="q" type="search" value={props.q} maxlength={200} />
        <label for="domain">{t("practices.domain")}</label>
        <select id="domain" name="domain">
          <option value="">{t("practices.anyDomain")}</option>
          {props.domains.map((d) => (
            <option value={d.slug} selected={d.slug === props.domain}>
              {d.label[lang]}
            </option>
          ))}
        </select>
        <button type="submit">{t("practices.submit")}</button>
      </form>
      {props.items.length === 0 ? <p>{t("practices.none")}</p> : null}
      <ul class="cards">
        {props.items.map((p) => (
          <li>
            <h2>
              <a href={p.href}>{p.title}</a>
            </h2>
            <p class="meta">{p.by}</p>
            {p.summary ? <p>{p.summary}</p> : null}
            <p class="meta">{indicatorsText(t, p.indicators)}</p>
            {p.combined && p.tries > 0 ? <p class="meta">{t("practice.combined", { indicators: indicatorsText(t, p.combined) })}</p> : null}
          </li>
        ))}
      </ul>
      {props.next ? (
        <p>
          <a href={props.next}>{t("practices.more")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export interface SheetProps extends PageProps {
  title: string;
  summary: string;
  by: string;
  /** Sanitised HTML: rendered from Markdown here, or sanitised when received. */
  sections: { heading: string; html: string }[];
  indicators: Indicators;
  combined: (Indicators & { atLeast: boolean }) | null;
  tries: TryReport[];
  contact: string;
  remote: { origin: string; url: string } | null;
  /** Organisations the viewer may try it for (none: no form). */
  tryFor: { handle: string; name: string }[];
  tryAction: string;
  manage: { deleteAction: string; editHref: string } | null;
  done?: string;
}

function TryList({ t, lang, tries }: { t: Translate; lang: Lang; tries: TryReport[] }) {
  if (tries.length === 0) return <p>{t("practice.triesNone")}</p>;
  return (
    <ul>
      {tries.map((r) => (
        <li>
          {t("practice.tryLine", { organization: r.organization, town: r.town, date: formatDay(lang, r.date), needs: r.needs })} —{" "}
          {r.indicators ? t("practice.tryResults", { indicators: indicatorsText(t, r.indicators) }) : t("practice.tryPending")}
        </li>
      ))}
    </ul>
  );
}

export function SheetPage(props: SheetProps) {
  const { t } = props;
  return (
    <Layout {...props} title={props.title}>
      <article class="practice">
        <h1>{props.title}</h1>
        <p class="meta">{props.by}</p>
        {props.remote ? (
          <p class="meta">
            {t("practice.remote", { origin: props.remote.origin })} · <a href={props.remote.url}>{t("practice.original")}</a>
          </p>
        ) : null}
        {props.done ? (
          <p class="notice" role="status">
            {props.done}
          </p>
        ) : null}
        {props.summary ? <p class="lead">{props.summary}</p> : null}
        {props.sections.map((s) =>
          s.html.trim() ? (
            <section>
              {s.heading ? <h2>{s.heading}</h2> : null}
              {raw(s.html)}
            </section>
          ) : null,
        )}
        <section aria-labelledby="results">
          <h2 id="results">{t("practice.results")}</h2>
          <p>{indicatorsText(t, props.indicators)}</p>
          <p class="hint">{t("practice.computed")}</p>
          {props.combined && props.tries.some((r) => r.indicators) ? <p>{t("practice.combined", { indicators: indicatorsText(t, props.combined) })}</p> : null}
        </section>
        <section aria-labelledby="tries">
          <h2 id="tries">{t("practice.tries")}</h2>
          <TryList t={t} lang={props.lang} tries={props.tries} />
        </section>
        {props.contact ? (
          <section aria-labelledby="contact">
            <h2 id="contact">{t("practice.contact")}</h2>
            <p>{props.contact}</p>
          </section>
        ) : null}
      </article>
      {props.tryFor.length > 0 ? (
        <section aria-labelledby="try">
          <h2 id="try">{t("practice.tryIt")}</h2>
          <p>{t("practice.tryHint")}</p>
          <form method="post" action={props.tryAction}>
            <Csrf token={props.signedIn?.csrf} />
            <label for="try-organization">{t("practice.tryAs")}</label>
            <select id="try-organization" name="organization">
              {props.tryFor.map((o) => (
                <option value={o.handle}>{o.name}</option>
              ))}
            </select>
            <button type="submit">{t("practice.tryIt")}</button>
          </form>
        </section>
      ) : null}
      {props.manage ? (
        <p>
          <a href={props.manage.editHref}>{t("practice.edit")}</a>
        </p>
      ) : null}
      {props.manage ? (
        <form method="post" action={props.manage.deleteAction}>
          <Csrf token={props.signedIn?.csrf} />
          <button type="submit" class="secondary">
            {t("practice.delete")}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}

export interface PracticeFormValues {
  organization: string;
  title: string;
  summary: string;
  context: string;
  actions: string;
  motivation: string;
  watch_out: string;
  contact: string;
  needs: string[];
  visibility: string;
}

export const emptyPracticeValues = (): PracticeFormValues => ({
  organization: "",
  title: "",
  summary: "",
  context: "",
  actions: "",
  motivation: "",
  watch_out: "",
  contact: "",
  needs: [],
  visibility: "public",
});

export interface PracticeFormProps extends PageProps {
  organizations: { handle: string; name: string; needs: { id: string; title: string }[] }[];
  values: PracticeFormValues;
  errors?: FieldErrors;
  /** Editing this sheet (its organisation stays); absent: a new one. */
  practiceId?: string;
}

export function PracticeFormPage(props: PracticeFormProps) {
  const { t } = props;
  const v = props.values;
  const errors = props.errors;
  const area = (name: keyof PracticeFormValues, label: Parameters<Translate>[0], rows = 5) => (
    <>
      <label for={name}>{t(label)}</label>
      <textarea id={name} name={name} rows={rows} {...describedBy(errors, name)}>
        {v[name] as string}
      </textarea>
      <FieldError errors={errors} name={name} />
    </>
  );
  return (
    <Layout {...props} title={props.practiceId ? t("practice.edit") : t("practices.new")}>
      <h1>{props.practiceId ? t("practice.edit") : t("practices.new")}</h1>
      <FormAlert errors={errors} t={t} />
      <form method="post" action={props.practiceId ? `/practices/${props.practiceId}/edit` : "/practices/new"}>
        <Csrf token={props.signedIn?.csrf} />
        {props.practiceId ? (
          <input type="hidden" name="organization" value={v.organization} />
        ) : (
          <>
            <label for="organization">{t("practice.form.organization")}</label>
            <select id="organization" name="organization" {...describedBy(errors, "organization")}>
              {props.organizations.map((o) => (
                <option value={o.handle} selected={o.handle === v.organization}>
                  {o.name}
                </option>
              ))}
            </select>
            <FieldError errors={errors} name="organization" />
          </>
        )}
        <label for="title">{t("practice.form.title")}</label>
        <input id="title" name="title" type="text" required maxlength={200} value={v.title} {...describedBy(errors, "title")} />
        <FieldError errors={errors} name="title" />
        {area("summary", "practice.form.summary", 2)}
        <fieldset {...describedBy(errors, "needs")}>
          <legend>{t("practice.form.needs")}</legend>
          <p class="hint">{t("practice.form.needsHint")}</p>
          {props.organizations.every((o) => o.needs.length === 0) ? <p>{t("practice.form.noNeeds")}</p> : null}
          {props.organizations.flatMap((o) =>
            o.needs.map((n) => (
              <label>
                <input type="checkbox" name="needs" value={n.id} checked={v.needs.includes(n.id)} /> {n.title} ({o.name})
              </label>
            )),
          )}
        </fieldset>
        <FieldError errors={errors} name="needs" />
        {area("context", "practice.form.context")}
        {area("actions", "practice.form.actions")}
        {area("motivation", "practice.form.motivation")}
        {area("watch_out", "practice.form.watchOut")}
        <label for="contact">{t("practice.form.contact")}</label>
        <input id="contact" name="contact" type="text" maxlength={500} value={v.contact} />
        <fieldset>
          <legend>{t("practice.form.visibility")}</legend>
          <label>
            <input type="radio" name="visibility" value="public" checked={v.visibility !== "local"} /> {t("practice.form.public")}
          </label>
          <label>
            <input type="radio" name="visibility" value="local" checked={v.visibility === "local"} /> {t("practice.form.local")}
          </label>
        </fieldset>
        <button type="submit">{t("practice.form.save")}</button>
      </form>
    </Layout>
  );
}
