// The instance's settings page (administrators): the same domain function as
// PATCH /api/v1/instance/settings, so the same checks and audit entries.
import { type Context, Hono } from "hono";
import { type SettingsValues, SettingsPage } from "../../../web/pages/admin-settings.tsx";
import { NotFound } from "../../../web/pages/not-found.tsx";
import { PrivacyRecordPage } from "../../../web/pages/admin-privacy.tsx";
import { LIMITS } from "../../domain/instance/settings.ts";
import { RETENTION_BOUNDS, type RetentionSettings } from "../../domain/privacy/retention-settings.ts";
import { MINIMUM_AGE_BOUNDS } from "../../domain/safeguarding/age.ts";
import type { AppEnv } from "../env.ts";
import { fieldError, formBody, frame, signedInOrLogin } from "./frame.ts";

type C = Context<AppEnv>;

async function settingsPage(c: C, options: { values?: SettingsValues; errors?: Record<string, string>; saved?: boolean } = {}) {
  const values = options.values ?? (await c.var.deps.settings.get());
  return (
    <SettingsPage {...await frame(c)} values={values} limits={LIMITS} retentionBounds={RETENTION_BOUNDS} ageBounds={MINIMUM_AGE_BOUNDS}
      errors={options.errors} saved={options.saved} />
  );
}

/** The signed-in administrator; otherwise the login redirect or a 403 page. */
async function adminOnly(c: C) {
  const { account, redirect } = signedInOrLogin(c);
  if (!account) return { response: redirect };
  if (account.role !== "admin") {
    const f = await frame(c);
    return { response: await c.html(<NotFound {...f} heading={f.t("error.forbidden")} message={f.t("error.admins_only")} />, 403) };
  }
  return { account };
}

export const settingsPages = new Hono<AppEnv>()
  .get("/admin/privacy", async (c) => {
    const { account, response } = await adminOnly(c);
    if (!account) return response;
    const settings = await c.var.deps.settings.get();
    const { config } = c.var.deps;
    return c.html(
      <PrivacyRecordPage
        {...await frame(c)}
        controller={{ name: settings.name, host: config.publicUrl.host, contactEmail: settings.contactEmail }}
        retention={settings.retention}
        volunteers={settings.volunteers}
        smtp={Boolean(config.smtpUrl)}
        at={new Date().toISOString()}
      />,
    );
  })
  .get("/admin/settings", async (c) => {
    const { account, response } = await adminOnly(c);
    if (!account) return response;
    return c.html(await settingsPage(c, { saved: c.req.query("saved") === "1" }));
  })
  .post("/admin/settings", async (c) => {
    const { account, response } = await adminOnly(c);
    if (!account) return response;
    const form = await formBody(c);
    const before = await c.var.deps.settings.get();
    const current = before.retention;
    const ages = form["volunteers.present"] === "yes";
    // An unticked checkbox sends nothing: the form always sends the other fields (a duration left out stays as it is).
    const values: SettingsValues = {
      name: form.name ?? "",
      description: form.description ?? "",
      rules: form.rules ?? "",
      privacy: form.privacy ?? "",
      charter: form.charter ?? "",
      contactEmail: form.contactEmail ?? "",
      registrationsOpen: form.registrationsOpen === "yes",
      retention: Object.fromEntries(
        (Object.keys(RETENTION_BOUNDS) as (keyof RetentionSettings)[]).map((key) => [key, form[`retention.${key}`] ?? String(current[key])]),
      ) as SettingsValues["retention"],
      // A form without the fieldset (an older page) leaves who may volunteer as it is.
      volunteers: ages
        ? { minimumAge: form["volunteers.minimumAge"] ?? "", minorsWithGuardianConsent: form["volunteers.minorsWithGuardianConsent"] === "yes" }
        : before.volunteers,
    };
    const retention = Object.fromEntries(Object.entries(values.retention).map(([k, v]) => [k, /^\d+$/.test(String(v).trim()) ? Number(v) : Number.NaN])) as unknown as RetentionSettings;
    try {
      const minimumAge = /^\d+$/.test(String(values.volunteers.minimumAge).trim()) ? Number(values.volunteers.minimumAge) : Number.NaN;
      const volunteers = { minimumAge, minorsWithGuardianConsent: values.volunteers.minorsWithGuardianConsent };
      await c.var.deps.settings.update(c.var.deps.events, account, { ...values, retention, volunteers });
    } catch (error) {
      return c.html(await settingsPage(c, { values, errors: fieldError(error, (await frame(c)).t) }), 422);
    }
    return c.redirect("/admin/settings?saved=1", 303);
  });
