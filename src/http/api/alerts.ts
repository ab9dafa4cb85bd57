// /api/v1/alerts: the authenticated user's alerts (needs mailed to them by domain and area).
import { Hono } from "hono";
import { z } from "zod";
import { chooseLang } from "../../../web/i18n/index.ts";
import { type Alert, AlertCreate, createAlert, deleteAlert, listAlerts } from "../../domain/alerts/alerts.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../validate.ts";

export const AlertRequest = AlertCreate.extend({
  language: z.enum(["fr", "en"]).optional().describe("The language of its mail; by default, the request's Accept-Language"),
});

const json = (a: Alert) => ({
  id: a.id,
  domains: a.domains,
  area:
    a.area.kind === "near"
      ? { kind: "near", place: a.area.place, latitude: a.area.latitude, longitude: a.area.longitude, radius_km: a.area.radiusKm }
      : a.area,
  language: a.language,
  created: a.created,
});

export const alerts = new Hono<AppEnv>()
  .get("/", requireAccount, async (c) => c.json((await listAlerts(c.var.deps.db.kysely, currentAccount(c).id)).map(json)))
  .post("/", requireAccount, validate("json", AlertRequest), async (c) => {
    const { language, ...input } = c.req.valid("json");
    const lang = language ?? chooseLang(undefined, c.req.header("Accept-Language"));
    const alert = await createAlert(c.var.deps.db.kysely, currentAccount(c), input, lang);
    return c.json(json(alert), 201);
  })
  .delete("/:id", requireAccount, async (c) => {
    await deleteAlert(c.var.deps.db.kysely, currentAccount(c).id, c.req.param("id"));
    return c.body(null, 204);
  });
