// Offers from "my space": publish one (then its page), close one. The same
// OfferCreate validation and domain functions as /api/v1/offers.
import { type Context, Hono } from "hono";
import { emptyOfferValues, type OfferFormValues } from "../../../web/pages/offer-form.tsx";
import { createOffer, OfferCreate, updateOffer } from "../../domain/offers/offers.ts";
import type { AppEnv } from "../env.ts";
import { mePage } from "./account.tsx";
import { fieldError, frame, issueMessage, signedInOrLogin, unreadableForm } from "./frame.ts";

async function readOfferForm(c: Context<AppEnv>): Promise<OfferFormValues> {
  const body = await c.req.parseBody({ all: true }).catch(unreadableForm);
  const values = emptyOfferValues();
  for (const key of Object.keys(values) as (keyof OfferFormValues)[]) {
    const sent = body[key];
    const all = (Array.isArray(sent) ? sent : sent === undefined ? [] : [sent]).filter((v): v is string => typeof v === "string");
    if (key === "domains") values.domains = all;
    else if (all.length) values[key] = all.at(-1)!;
  }
  return values;
}

/** The form field a validation issue is about: place.label → place_label. */
function fieldOf(path: readonly PropertyKey[]): string {
  const [first, second] = path.map(String);
  if (first === "place") return second === "mode" ? "place_mode" : "place_label";
  return first ?? "_form";
}

export const myOfferPages = new Hono<AppEnv>()
  .post("/me/offers", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const values = await readOfferForm(c);
    const parsed = OfferCreate.safeParse({
      title: values.title,
      description: values.description,
      domains: values.domains,
      availability: values.availability,
      place: { label: values.place_label, mode: values.place_mode },
      visibility: values.visibility,
    });
    if (!parsed.success) {
      const { t } = await frame(c);
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path);
        const empty = field === "domains" ? values.domains.length === 0 : (values[field as keyof OfferFormValues] ?? "").toString().trim() === "";
        errors[field] ??= empty ? t(field === "domains" ? "offerForm.domainsRequired" : "form.required") : issueMessage(issue, t);
      }
      return c.html(await mePage(c, account.id, errors, false, values), 422);
    }
    try {
      const offer = await createOffer(c.var.deps.db.kysely, c.var.deps.events, account, parsed.data);
      return c.redirect(`/offers/${offer.id}`, 303);
    } catch (error) {
      return c.html(await mePage(c, account.id, fieldError(error, (await frame(c)).t, "title"), false, values), 422);
    }
  })
  .post("/me/offers/:id/close", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    try {
      await updateOffer(c.var.deps.db.kysely, c.var.deps.events, account, c.req.param("id"), { status: "closed" });
    } catch (error) {
      return c.html(await mePage(c, account.id, fieldError(error, (await frame(c)).t)), 422);
    }
    return c.redirect("/me?saved=1", 303);
  });
