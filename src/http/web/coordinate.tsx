// Coordinators: the dashboard, the need form with its Mastodon preview, the
// applications inbox, and closing a need with its outcome.
import { recordSensitiveRead } from "../../domain/privacy/sensitive-reads.ts";
import { type Context, Hono } from "hono";
import { DashboardPage, InboxPage } from "../../../web/pages/coordinate.tsx";
import type { Lang, Translate } from "../../../web/i18n/index.ts";
import { NeedFormPage } from "../../../web/pages/need-form.tsx";
import type { NeedFormValues } from "../../../web/pages/need-form.tsx";
import type { Account } from "../../domain/accounts/users.ts";
import { DomainError } from "../../domain/errors.ts";
import { decideApplication, findApplication, listApplications } from "../../domain/needs/applications.ts";
import { coordinatedOrganizations, needsWithApplicationCounts } from "../../domain/needs/dashboard.ts";
import { ApplicationDecision, NeedCreate, NeedPatch, REJECTION_REASONS } from "../../domain/needs/input.ts";
import { type Need, toPublishedNeed, type Visibility } from "../../domain/needs/model.ts";
import { formatSchedule, needNoteHtml } from "../../domain/needs/note-content.ts";
import { upcomingOccurrences } from "../../domain/needs/occurrences.ts";
import { occurrenceRoster } from "./occurrence-words.ts";
import { howToReach } from "../../domain/volunteer-details/details.ts";
import { safeguardingStates } from "../../domain/safeguarding/checks.ts";
import { viewerOf } from "../auth.ts";
import { createNeed, needForCoordinator, updateNeed } from "../../domain/needs/service.ts";
import { renderMarkdown } from "../../domain/text/markdown.ts";
import { DOMAINS, narrowestVisibilityFor, safeguardingByDefault } from "../../domain/vocabulary/domains.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { needWords } from "./need-words.ts";
import { errorMessage, frame, queryError, signedInOrLogin, unreadableForm, withDone } from "./frame.ts";
import { emptyValues, formErrors, formField, inputFromValues, valuesFromForm, valuesFromNeed } from "./need-form.ts";
import { placeFromGazetteer } from "./need-place.ts";
import { geocodeAddress } from "./geocoder.ts";

type C = Context<AppEnv>;

async function formPage(
  c: C,
  account: Account,
  values: NeedFormValues,
  options: { needId?: string; errors?: Record<string, string>; previewHtml?: string; previewVisibility?: Visibility; done?: string },
) {
  const f = await frame(c);
  const organizations = await coordinatedOrganizations(c.var.deps.db.kysely, account);
  return <NeedFormPage {...f} values={values} organizations={organizations} domains={DOMAINS} {...options} />;
}

/** How the need will read in Mastodon: the same HTML federation sends (needNoteHtml), and who will see it. */
function preview(c: C, values: NeedFormValues, input: NeedCreate | NeedPatch, existing?: Need): { previewHtml: string; previewVisibility: Visibility } {
  const { publicUrl } = c.var.deps.config;
  const handle = existing?.organization.handle ?? values.organization;
  const description = input.description ?? existing?.description ?? "";
  const domains = input.domains ?? existing?.domains ?? [];
  const base: Need = existing ?? ({
    id: "preview",
    organization: { id: "", handle, name: handle },
    volunteersAccepted: 0,
    status: "open",
    outcome: null,
    created: "",
    updated: "",
    published: null,
  } as unknown as Need);
  const place = input.place ?? undefined;
  const s = input.schedule;
  const need: Need = {
    ...base,
    title: input.title ?? base.title,
    description,
    descriptionHtml: renderMarkdown(description),
    domains,
    skills: [],
    audience: [],
    language: input.language ?? base.language ?? "fr",
    place: place
      ? { label: place.label, mode: place.mode, address: null, latitude: place.latitude ?? null, longitude: place.longitude ?? null, radiusKm: place.radius_km }
      : base.place,
    schedule: s
      ? s.kind === "recurring"
        ? { kind: "recurring", rrule: s.rrule, start: s.start, durationMinutes: s.duration_minutes }
        : s.kind === "date"
          ? { kind: "date", start: s.start, end: s.end ?? null }
          : s
      : base.schedule,
    volunteersWanted: input.volunteers_wanted ?? base.volunteersWanted,
    deadline: input.deadline ?? base.deadline ?? null,
    visibility: input.visibility ?? existing?.visibility ?? narrowestVisibilityFor(domains),
    // The hint the Note will carry: as chosen, else as it is, else the domains' default.
    safeguarding: input.safeguarding ?? existing?.safeguarding ?? safeguardingByDefault(domains),
    privateNotes: "",
    beneficiary: "",
  };
  const published = toPublishedNeed(need);
  const lang = need.language === "en" ? "en" : "fr";
  const previewHtml = needNoteHtml(published, {
    url: new URL(`/needs/${need.id}`, publicUrl),
    lang,
    ...needWords(published, lang),
    tagUrl: (tag) => new URL(`/search?q=${encodeURIComponent(tag)}`, publicUrl),
    handle: `@${handle}@${publicUrl.host}`,
  });
  return { previewHtml, previewVisibility: need.visibility };
}

/** A session's start in words: "mardi 8 décembre 2026, 14:00". */
const sessionText = (iso: string, lang: Lang) => formatSchedule({ kind: "date", start: iso }, lang);

/** What the actions section offers: the next sessions of a recurring need to cancel one, and those cancelled. */
function actionsOf(need: Need, lang: Lang) {
  const s = need.schedule;
  if (s.kind !== "recurring") return { occurrences: [], cancelled: [] };
  const next = upcomingOccurrences(s, new Date().toISOString(), 12);
  return {
    occurrences: next.map((value) => ({ value, label: sessionText(value, lang) })),
    cancelled: (s.exdates ?? []).map((iso) => sessionText(iso, lang)),
  };
}

/** The confirmation of an action (coordinate-actions.tsx), in words. */
function doneText(done: string | undefined, occurrence: string | undefined, f: { t: Translate; lang: Lang }): string | undefined {
  switch (done) {
    case "filled":
    case "reopened":
    case "cancelled":
    case "deleted":
    case "duplicated":
      return f.t(`actions.done.${done}`);
    case "checked":
      return f.t("checks.recorded");
    case "occurrence":
      return occurrence && !Number.isNaN(Date.parse(occurrence)) ? f.t("actions.done.occurrence", { date: sessionText(occurrence, f.lang) }) : undefined;
    default:
      return undefined;
  }
}

async function readForm(c: C): Promise<{ values: NeedFormValues; action: string; placeFound?: string }> {
  const body = (await c.req.parseBody({ all: true }).catch(unreadableForm)) as Record<string, string | string[]>;
  const action = String(Array.isArray(body.action) ? body.action.at(-1) : (body.action ?? "save"));
  const values = valuesFromForm(body);
  const { t } = await frame(c);
  // The exact point from the address when an address API is set (GEOCODER_URL), else the commune's centre.
  const { geocoderUrl } = c.var.deps.config;
  const address = values.address.trim();
  if (geocoderUrl && action !== "schedule" && address && values.place_mode !== "remote" && !values.latitude.trim() && !values.longitude.trim()) {
    const point = await geocodeAddress(geocoderUrl, address);
    if (point) {
      values.latitude = String(point.latitude);
      values.longitude = String(point.longitude);
      return { values, action, placeFound: t("form.addressFound", { address: point.label ?? address }) };
    }
  }
  const commune = await placeFromGazetteer(values);
  const placeFound = commune ? t("form.placeFound", { label: values.place_label, commune }) : undefined;
  return { values, action, placeFound };
}

function domainErrors(error: unknown, kind: string, t: Translate): Record<string, string> {
  if (error instanceof DomainError) return { [error.field ? formField(error.field.split("."), kind) : "_form"]: errorMessage(error, t) };
  throw error;
}

export const coordinatorPages = new Hono<AppEnv>()
  .get("/coordinate", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const db = c.var.deps.db.kysely;
    const orgs = await coordinatedOrganizations(db, account);
    const needs = await needsWithApplicationCounts(db, orgs.map((o) => o.id));
    const organizations = orgs.map((o) => ({
      handle: o.handle,
      name: o.name,
      needs: needs
        .filter((n) => n.organization.id === o.id)
        .map((n) => ({ id: n.id, title: n.title, status: n.status, visibility: n.visibility, applications: n.applications, pending: n.pending })),
    }));
    const f = await frame(c);
    return c.html(<DashboardPage {...f} organizations={organizations} done={c.req.query("done") === "deleted" ? f.t("actions.done.deleted") : undefined} />);
  })
  .get("/coordinate/needs/new", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const orgs = await coordinatedOrganizations(c.var.deps.db.kysely, account);
    const wanted = c.req.query("organization");
    const values = emptyValues(orgs.find((o) => o.handle === wanted)?.handle ?? orgs[0]?.handle ?? "");
    values.language = (await frame(c)).lang;
    return c.html(await formPage(c, account, values, {}));
  })
  .post("/coordinate/needs/new", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const { values, action, placeFound } = await readForm(c);
    // "Continuer" after choosing when (without JavaScript): the same form, with that choice's fields.
    if (action === "schedule") return c.html(await formPage(c, account, values, { done: placeFound }));
    const parsed = NeedCreate.safeParse(inputFromValues(values));
    if (!parsed.success) {
      return c.html(await formPage(c, account, values, { errors: formErrors(parsed.error, values.schedule_kind, (await frame(c)).t) }), 422);
    }
    if (action === "preview") return c.html(await formPage(c, account, values, { ...preview(c, values, parsed.data), done: placeFound }));
    const { db, events } = c.var.deps;
    try {
      const need = await createNeed(db.kysely, events, account, parsed.data);
      return c.redirect(need.status === "draft" ? "/coordinate" : `/needs/${need.id}`, 303);
    } catch (error) {
      return c.html(await formPage(c, account, values, { errors: domainErrors(error, values.schedule_kind, (await frame(c)).t) }), 422);
    }
  })
  .get("/coordinate/needs/:id/edit", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const need = await needForCoordinator(c.var.deps.db.kysely, account, c.req.param("id"));
    await recordSensitiveRead(c.var.deps.db.kysely, account, [need], "form");
    const values = valuesFromNeed(need);
    const patch = NeedPatch.parse({ ...inputFromValues(values), organization: undefined, status: undefined });
    const done = c.req.query("done") === "duplicated" ? (await frame(c)).t("actions.done.duplicated") : undefined;
    return c.html(await formPage(c, account, values, { needId: need.id, ...preview(c, values, patch, need), done }));
  })
  .post("/coordinate/needs/:id/edit", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const { db, events } = c.var.deps;
    const need = await needForCoordinator(db.kysely, account, c.req.param("id"));
    const { values, action, placeFound } = await readForm(c);
    values.organization = need.organization.handle;
    if (action === "schedule") return c.html(await formPage(c, account, values, { needId: need.id, done: placeFound }));
    const { organization: _, status, ...input } = inputFromValues(values);
    // A draft (a need duplicated, kept for later) is published from this form too.
    const parsed = NeedPatch.safeParse(need.status === "draft" && status === "open" ? { ...input, status } : input);
    if (!parsed.success) {
      return c.html(await formPage(c, account, values, { needId: need.id, errors: formErrors(parsed.error, values.schedule_kind, (await frame(c)).t) }), 422);
    }
    if (action === "preview") {
      return c.html(await formPage(c, account, values, { needId: need.id, ...preview(c, values, parsed.data, need), done: placeFound }));
    }
    try {
      await updateNeed(db.kysely, events, account, need.id, parsed.data);
    } catch (error) {
      return c.html(await formPage(c, account, values, { needId: need.id, errors: domainErrors(error, values.schedule_kind, (await frame(c)).t) }), 422);
    }
    return c.redirect("/coordinate", 303);
  })
  .get("/coordinate/needs/:id/applications", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const db = c.var.deps.db.kysely;
    const need = await needForCoordinator(db, account, c.req.param("id"));
    const applications = await listApplications(db, account, need.id);
    const reach = Object.fromEntries(await howToReach(db, viewerOf(c), need, applications));
    const safeguarding = Object.fromEntries(await safeguardingStates(db, need, applications));
    const f = await frame(c);
    const { roster, chosen } = await occurrenceRoster(db, need, applications, f.lang);
    return c.html(
      <InboxPage roster={roster} chosen={chosen} {...f} need={{ id: need.id, title: need.title, status: need.status, recurring: need.schedule.kind === "recurring", safeguarding: need.safeguarding, organization: need.organization.handle }}
        safeguarding={safeguarding}
        applications={applications} reasons={REJECTION_REASONS} error={queryError(c.req.query("error"), f.t)}
        actions={actionsOf(need, f.lang)} reach={reach} done={doneText(c.req.query("done"), c.req.query("occurrence"), f)} />,
    );
  })
  .post("/coordinate/applications/:id", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const { db, events } = c.var.deps;
    const application = await findApplication(db.kysely, c.req.param("id"));
    if (!application) throw new HttpProblem(404, "no such application");
    const body = await c.req.parseBody().catch(unreadableForm);
    const decision = ApplicationDecision.safeParse({
      status: body.status,
      ...(body.status === "rejected" ? { reason: body.reason } : {}),
    });
    const inbox = `/coordinate/needs/${application.needId}/applications`;
    if (!decision.success) return c.redirect(`${inbox}?error=invalid`, 303);
    try {
      await decideApplication(db.kysely, events, account, application.id, decision.data);
    } catch (error) {
      if (error instanceof DomainError && error.kind === "conflict") return c.redirect(`${inbox}?error=${error.code}`, 303);
      throw error;
    }
    return c.redirect(withDone(inbox, decision.data.status === "accepted" ? "accepted" : decision.data.status === "rejected" ? "rejected" : "saved"), 303);
  })
  .post("/coordinate/needs/:id/done", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const { db, events } = c.var.deps;
    const id = c.req.param("id");
    const body = await c.req.parseBody().catch(unreadableForm);
    const patch = NeedPatch.safeParse({
      status: "done",
      outcome: {
        volunteer_hours: Number(body.volunteer_hours ?? 0),
        people_helped: Number(body.people_helped ?? 0),
        testimony: typeof body.testimony === "string" ? body.testimony : "",
      },
    });
    if (!patch.success) return c.redirect(`/coordinate/needs/${id}/applications?error=invalid`, 303);
    try {
      await updateNeed(db.kysely, events, account, id, patch.data);
    } catch (error) {
      if (error instanceof DomainError && error.kind !== "not_found" && error.kind !== "forbidden") {
        return c.redirect(`/coordinate/needs/${id}/applications?error=${error.code}`, 303);
      }
      throw error;
    }
    return c.redirect(`/needs/${id}`, 303);
  });
