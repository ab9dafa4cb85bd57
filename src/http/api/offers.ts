// /api/v1/offers: what citizens and organisations offer (time, skills, transport…).
import { Hono } from "hono";
import { z } from "zod";
import {
  createOffer,
  deleteOffer,
  findOffer,
  listOffers,
  type Offer,
  OfferCreate,
  OfferPatch,
  updateOffer,
} from "../../domain/offers/offers.ts";
import { mayReadOffer } from "../../domain/access/policy.ts";
import { isDomainSlug } from "../../domain/vocabulary/domains.ts";
import { currentAccount, requireAccount, viewerOf } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { validate } from "../validate.ts";

export const OfferSearch = z.object({
  domain: z
    .string()
    .optional()
    .refine((v) => !v || v.split(",").every(isDomainSlug), { error: "unknown domain (see /domains)" }),
  status: z.enum(["open", "closed"]).default("open"),
  cursor: z.string().max(100).optional().describe("The `created` of the last offer of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export function offerJson(offer: Offer, origin: URL) {
  const url = new URL(`/offers/${offer.id}`, origin).href;
  return {
    id: offer.id,
    uri: url,
    url,
    author: {
      type: offer.author.type,
      handle: offer.author.handle,
      name: offer.author.name,
      uri: new URL(`/actors/${offer.author.handle}`, origin).href,
    },
    title: offer.title,
    description_html: offer.descriptionHtml,
    domains: offer.domains,
    availability: offer.availability,
    place: offer.place,
    status: offer.status,
    visibility: offer.visibility,
    published: offer.published,
    updated: offer.updated,
  };
}

export const offers = new Hono<AppEnv>()
  .post("/", requireAccount, validate("json", OfferCreate), async (c) => {
    const { db, events, config } = c.var.deps;
    const offer = await createOffer(db.kysely, events, currentAccount(c), c.req.valid("json"));
    return c.json(offerJson(offer, config.publicUrl), 201, { Location: `/api/v1/offers/${offer.id}` });
  })
  .get("/", validate("query", OfferSearch), async (c) => {
    const q = c.req.valid("query");
    const { db, config } = c.var.deps;
    const items = await listOffers(db.kysely, {
      viewer: viewerOf(c),
      domain: q.domain?.split(","),
      status: q.status,
      before: q.cursor,
      limit: q.limit,
    });
    const last = items.at(-1);
    return c.json({
      items: items.map((o) => offerJson(o, config.publicUrl)),
      next_cursor: items.length === q.limit && last ? last.created : null,
    });
  })
  .get("/:id", async (c) => {
    const offer = await findOffer(c.var.deps.db.kysely, c.req.param("id"));
    if (!offer || !mayReadOffer(viewerOf(c), offer)) throw new HttpProblem(404, "no such offer");
    return c.json(offerJson(offer, c.var.deps.config.publicUrl));
  })
  .patch("/:id", requireAccount, validate("json", OfferPatch), async (c) => {
    const { db, events, config } = c.var.deps;
    const offer = await updateOffer(db.kysely, events, currentAccount(c), c.req.param("id"), c.req.valid("json"));
    return c.json(offerJson(offer, config.publicUrl));
  })
  .delete("/:id", requireAccount, async (c) => {
    const { db, events } = c.var.deps;
    await deleteOffer(db.kysely, events, currentAccount(c), c.req.param("id"));
    return c.body(null, 204);
  });
