// The pages of issue 15 around what a need achieved: the outcome form of a need or a
// session for its coordinators; the one question after a mission, for its volunteer
// (signed in, or through the mail's signed link); a volunteer's hours on /me and the
// attestations they ask for; and an attestation's verification address, public.
import { type Context, Hono } from "hono";
import type { Frame } from "../../../web/layout.tsx";
import { AttestationPage } from "../../../web/pages/attestation.tsx";
import { OutcomePage } from "../../../web/pages/outcome.tsx";
import { SurveyPage } from "../../../web/pages/survey.tsx";
import { DomainError } from "../../domain/errors.ts";
import { formatSchedule } from "../../domain/needs/note-content.ts";
import { attestationsOf, findAttestation, issueAttestation, volunteerRecord } from "../../domain/outcomes/attestations.ts";
import { confirmOutcome, OutcomeConfirmation, outcomeDraft } from "../../domain/outcomes/outcomes.ts";
import { answerSurvey, findSurvey, SurveyAnswer, surveyKey, validSurveyToken } from "../../domain/outcomes/survey.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { errorMessage, formBody, frame, signedInOrLogin, unreadableForm } from "./frame.ts";

type C = Context<AppEnv>;

const locale = (f: Pick<Frame, "lang">) => (f.lang === "fr" ? "fr-FR" : "en-GB");

export function dayWords(f: Pick<Frame, "lang">, iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(locale(f), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

export function shortDay(f: Pick<Frame, "lang">, iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(locale(f), { dateStyle: "short", timeZone: "UTC" }).format(date);
}

export function hoursWords(f: Pick<Frame, "lang">, n: number): string {
  return new Intl.NumberFormat(locale(f), { maximumFractionDigits: 2 }).format(n);
}

/** What /me shows of the volunteer's hours and attestations. */
export async function volunteeringView(c: C, f: Frame, userId: string) {
  const db = c.var.deps.db.kysely;
  const [records, attestations] = await Promise.all([volunteerRecord(db, userId), attestationsOf(db, userId)]);
  return {
    records,
    attestations: attestations.map((a) => ({ id: a.id, organization: a.organization, issued: a.issued, hours: hoursWords(f, a.hours) })),
    hours: (n: number) => hoursWords(f, n),
    day: (iso: string) => dayWords(f, iso),
  };
}

async function outcomeForm(c: C, options: { error?: string; saved?: boolean; status?: 200 | 400 | 409 } = {}) {
  const { account, redirect } = signedInOrLogin(c);
  if (!account) return redirect;
  const f = await frame(c);
  const draft = await outcomeDraft(c.var.deps.db.kysely, account, c.req.param("id") ?? "", c.req.query("occurrence") || undefined);
  const when = (iso: string) => formatSchedule({ kind: "date", start: iso }, f.lang);
  const sessions = Object.fromEntries(draft.occurrences.map((o) => [o.start, when(o.start)]));
  return c.html(
    <OutcomePage {...f} draft={draft} confirmedOn={draft.confirmed ? dayWords(f, draft.confirmed) : null} when={draft.occurrence ? when(draft.occurrence) : null} sessions={sessions} error={options.error} saved={options.saved} />,
    options.status ?? 200,
  );
}

/** The question, if this request may answer it: its volunteer signed in, or the signed link. */
async function surveyAccess(c: C, token: string | undefined) {
  const db = c.var.deps.db.kysely;
  const id = c.req.param("id") ?? "";
  const survey = await findSurvey(db, id);
  if (!survey?.userId) return null;
  if (token && validSurveyToken(await surveyKey(db), id, token)) return survey;
  if (c.var.account && c.var.account.id === survey.userId) return survey;
  return null;
}

export const outcomePages = new Hono<AppEnv>()
  .get("/coordinate/needs/:id/outcome", async (c) => {
    try {
      return await outcomeForm(c, { saved: c.req.query("done") === "saved" });
    } catch (error) {
      if (error instanceof DomainError && error.kind === "invalid") throw new HttpProblem(404, error.message);
      throw error;
    }
  })
  .post("/coordinate/needs/:id/outcome", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const body = await c.req.parseBody({ all: true }).catch(unreadableForm);
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
    const occurrence = c.req.query("occurrence") || undefined;
    const input = OutcomeConfirmation.safeParse({
      occurrence,
      participants: list(body.participants),
      hours_per_volunteer: Number(text(body.hours_per_volunteer).replace(",", ".")),
      people_helped: Number(text(body.people_helped)),
      worked: text(body.worked),
      not_worked: text(body.not_worked),
      ...(occurrence ? {} : { testimony: text(body.testimony) }),
    });
    const f = await frame(c);
    if (!input.success) return outcomeForm(c, { error: f.t("error.generic"), status: 400 });
    const id = c.req.param("id");
    try {
      await confirmOutcome(c.var.deps.db.kysely, c.var.deps.events, account, id, input.data);
    } catch (error) {
      if (error instanceof DomainError && (error.kind === "invalid" || error.kind === "conflict")) return outcomeForm(c, { error: errorMessage(error, f.t), status: 409 });
      throw error;
    }
    const query = occurrence ? `occurrence=${encodeURIComponent(occurrence)}&done=saved` : "done=saved";
    return c.redirect(`/coordinate/needs/${id}/outcome?${query}`, 303);
  })
  .get("/surveys/:id", async (c) => {
    const f = await frame(c);
    const token = c.req.query("token");
    const survey = await surveyAccess(c, token);
    if (!survey && !c.var.account && !token) return signedInOrLogin(c).redirect!;
    const question = survey ? { title: survey.need.title, organization: survey.organization, action: `/surveys/${survey.applicationId}`, answered: survey.answered } : null;
    return c.html(<SurveyPage {...f} question={question} token={token} thanks={c.req.query("done") === "saved"} />, survey ? 200 : 404);
  })
  .post("/surveys/:id", async (c) => {
    const form = await formBody(c);
    const survey = await surveyAccess(c, form.token);
    const f = await frame(c);
    if (!survey) return c.html(<SurveyPage {...f} question={null} />, 404);
    const question = { title: survey.need.title, organization: survey.organization, action: `/surveys/${survey.applicationId}`, answered: survey.answered };
    const answer = SurveyAnswer.safeParse({ rating: form.rating, comment: form.comment ?? "" });
    if (!answer.success) return c.html(<SurveyPage {...f} question={question} token={form.token} error={f.t("error.survey_rating")} />, 400);
    try {
      await answerSurvey(c.var.deps.db.kysely, survey.applicationId, answer.data);
    } catch (error) {
      if (error instanceof DomainError && error.kind === "conflict") return c.html(<SurveyPage {...f} question={{ ...question, answered: true }} />, 409);
      throw error;
    }
    return c.html(<SurveyPage {...f} question={{ ...question, answered: true }} thanks />);
  })
  .post("/me/attestations", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const form = await formBody(c);
    try {
      const attestation = await issueAttestation(c.var.deps.db.kysely, account.id, form.organization ?? "");
      return c.redirect(`/attestations/${attestation.id}`, 303);
    } catch (error) {
      if (error instanceof DomainError && error.kind === "not_found") return c.redirect(`/me?error=${error.code}`, 303);
      throw error;
    }
  })
  .get("/attestations/:id", async (c) => {
    const attestation = await findAttestation(c.var.deps.db.kysely, c.req.param("id"));
    if (!attestation) throw new HttpProblem(404, "no such attestation");
    const f = await frame(c);
    const link = new URL(`/attestations/${attestation.id}`, c.var.deps.config.publicUrl).href;
    c.header("Cache-Control", "no-store");
    return c.html(
      <AttestationPage {...f} attestation={attestation} link={link} day={(iso) => dayWords(f, iso)} short={(iso) => shortDay(f, iso)} hours={(n) => hoursWords(f, n)} />,
      attestation.valid ? 200 : 410,
    );
  });
