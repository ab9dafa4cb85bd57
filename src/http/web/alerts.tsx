// My alerts from the web (list, create, delete), and the unsubscribe link of an
// alert mail, which works without logging in (a signed token).
import type { Context } from "hono";
import { Hono } from "hono";
import { type AlertFormValues, AlertsPage, emptyAlertValues, UnsubscribePage } from "../../../web/pages/alerts.tsx";
import type { MessageKey } from "../../../web/i18n/index.ts";
import { type AlertInput, createAlert, deleteAlert, deleteAlerts, listAlerts } from "../../domain/alerts/alerts.ts";
import { readUnsubscribeToken, unsubscribeKey } from "../../domain/alerts/unsubscribe.ts";
import { DomainError } from "../../domain/errors.ts";
import { DOMAINS, isDomainSlug } from "../../domain/vocabulary/domains.ts";
import type { AppEnv } from "../env.ts";
import { formBody, frame, signedInOrLogin, unreadableForm } from "./frame.ts";

async function readAlertForm(c: Context<AppEnv>): Promise<AlertFormValues> {
  const body = await c.req.parseBody({ all: true }).catch(unreadableForm);
  const values = emptyAlertValues();
  const all = (name: string) => {
    const sent = body[name];
    return (Array.isArray(sent) ? sent : sent === undefined ? [] : [sent]).filter((v): v is string => typeof v === "string");
  };
  values.domains = all("domains");
  for (const key of ["area", "place", "latitude", "longitude", "radius"] as const) {
    const last = all(key).at(-1);
    if (last !== undefined) values[key] = last.trim();
  }
  return values;
}

const number = (text: string) => (text === "" ? undefined : Number(text.replace(",", ".")));

/** The form as the domain's input, or the fields at fault with their message keys. */
function alertInput(v: AlertFormValues): { input: AlertInput } | { errors: Record<string, MessageKey> } {
  const errors: Record<string, MessageKey> = {};
  if (v.domains.length === 0 || !v.domains.every(isDomainSlug)) errors.domains = "alerts.error.domains";
  if (v.area !== "near") {
    return Object.keys(errors).length ? { errors } : { input: { domains: v.domains, area: { kind: v.area === "remote" ? "remote" : "anywhere" } } };
  }
  const radius = number(v.radius || "10");
  if (radius === undefined || !Number.isFinite(radius) || radius < 1 || radius > 200) errors.radius = "alerts.error.radius";
  const latitude = number(v.latitude);
  const longitude = number(v.longitude);
  const located = latitude !== undefined || longitude !== undefined;
  if (located) {
    if (latitude === undefined || !Number.isFinite(latitude) || latitude < -90 || latitude > 90) errors.latitude = "alerts.error.coordinates";
    if (longitude === undefined || !Number.isFinite(longitude) || longitude < -180 || longitude > 180) errors.longitude = "alerts.error.coordinates";
  } else if (v.place.length < 2) errors.place = "alerts.error.place";
  if (Object.keys(errors).length) return { errors };
  return {
    input: {
      domains: v.domains,
      area: { kind: "near", place: v.place || undefined, latitude, longitude, radius_km: radius! },
    },
  };
}

/** A refusal of the domain as a message of the catalogue, by field. */
function domainErrorKey(error: DomainError): [string, MessageKey] {
  if (error.kind === "conflict") return ["_form", "alerts.error.tooMany"];
  if (error.kind === "not_found") return ["_form", "alerts.error.notFound"];
  if (error.field?.startsWith("area.place")) return ["place", "alerts.error.place"];
  if (error.field?.startsWith("area.radius")) return ["radius", "alerts.error.radius"];
  if (error.field?.startsWith("area.lat")) return ["latitude", "alerts.error.coordinates"];
  if (error.field?.startsWith("area.lon")) return ["longitude", "alerts.error.coordinates"];
  return ["domains", "alerts.error.domains"];
}

async function alertsPage(c: Context<AppEnv>, userId: string, values = emptyAlertValues(), errors: Record<string, string> = {}) {
  const f = await frame(c);
  const done = c.req.query("created") ? f.t("alerts.created") : c.req.query("deleted") ? f.t("alerts.deleted") : undefined;
  const alerts = await listAlerts(c.var.deps.db.kysely, userId);
  return <AlertsPage {...f} alerts={alerts} domains={DOMAINS} values={values} errors={errors} done={Object.keys(errors).length ? undefined : done} />;
}

export const alertPages = new Hono<AppEnv>()
  .get("/me/alerts", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    return c.html(await alertsPage(c, account.id));
  })
  .post("/me/alerts", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const f = await frame(c);
    const values = await readAlertForm(c);
    const read = alertInput(values);
    if ("errors" in read) {
      const errors = Object.fromEntries(Object.entries(read.errors).map(([field, key]) => [field, f.t(key)]));
      return c.html(await alertsPage(c, account.id, values, errors), 422);
    }
    try {
      await createAlert(c.var.deps.db.kysely, account, read.input, f.lang);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const [field, key] = domainErrorKey(error);
      return c.html(await alertsPage(c, account.id, values, { [field]: f.t(key) }), error.kind === "conflict" ? 409 : 422);
    }
    return c.redirect("/me/alerts?created=1", 303);
  })
  .post("/me/alerts/:id/delete", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    try {
      await deleteAlert(c.var.deps.db.kysely, account.id, c.req.param("id"));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const f = await frame(c);
      return c.html(await alertsPage(c, account.id, emptyAlertValues(), { _form: f.t("alerts.error.notFound") }), 404);
    }
    return c.redirect("/me/alerts?deleted=1", 303);
  })
  // A link in a mail: GET only asks (mail scanners open links), POST does it;
  // mail clients POST to it directly for one-click unsubscribe (RFC 8058).
  .get("/alerts/unsubscribe", async (c) => {
    const token = c.req.query("token") ?? "";
    const valid = readUnsubscribeToken(await unsubscribeKey(c.var.deps.db.kysely), token);
    return c.html(<UnsubscribePage {...await frame(c)} token={token} state={valid ? "ask" : "invalid"} />, valid ? 200 : 400);
  })
  .post("/alerts/unsubscribe", async (c) => {
    const form = c.req.header("Content-Type")?.startsWith("application/x-www-form-urlencoded") ? await formBody(c) : {};
    const token = c.req.query("token") ?? form.token ?? "";
    const db = c.var.deps.db.kysely;
    const read = readUnsubscribeToken(await unsubscribeKey(db), token);
    if (!read) return c.html(<UnsubscribePage {...await frame(c)} token={token} state="invalid" />, 400);
    await deleteAlerts(db, read.userId, read.alertIds);
    return c.html(<UnsubscribePage {...await frame(c)} token={token} state="done" />);
  });
