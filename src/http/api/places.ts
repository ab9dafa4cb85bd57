// /api/v1/places?q=…: French communes whose name or postcode starts with the text,
// from the offline gazetteer (src/domain/places): what the need form's place field
// suggests as one types. Public data (INSEE, La Poste, GeoNames), no account needed.
import { Hono } from "hono";
import { z } from "zod";
import { suggestCommunes } from "../../domain/places/gazetteer.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../validate.ts";

export const PlacesQuery = z.object({
  q: z.string().trim().min(2).max(100).describe("The start of a commune's name or postcode: `villeur`, `saint etienne`, `6910`"),
});

export const places = new Hono<AppEnv>().get("/", validate("query", PlacesQuery), async (c) => {
  const { q } = c.req.valid("query");
  const found = await suggestCommunes(q, 8);
  return c.json(
    {
      items: found.map((commune) => ({
        code: commune.code,
        name: commune.name,
        postcodes: commune.postcodes,
        // A commune with one postcode is named with it; one with several, by its name alone.
        label: commune.postcodes.length === 1 ? `${commune.name} (${commune.postcodes[0]})` : commune.name,
        latitude: commune.latitude,
        longitude: commune.longitude,
        approximate: commune.approximate,
      })),
    },
    200,
    { "Cache-Control": "public, max-age=86400" },
  );
});
