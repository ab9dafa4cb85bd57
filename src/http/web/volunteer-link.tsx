// The page behind a remote volunteer's private link (src/domain/volunteer-details/links.ts):
// their need's details while the link holds, a readable 410 once it has ended. Never
// indexed, never cached, no referrer sent from it: the token is in its address.
import { Hono } from "hono";
import { VolunteerLinkPage } from "../../../web/pages/volunteer-link.tsx";
import { NotFound } from "../../../web/pages/not-found.tsx";
import { readVolunteerLink } from "../../domain/volunteer-details/links.ts";
import type { AppEnv } from "../env.ts";
import { frame } from "./frame.ts";

export const volunteerLinkPages = new Hono<AppEnv>().get("/volunteer-links/:token", async (c) => {
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex, nofollow");
  c.header("Referrer-Policy", "no-referrer");
  const f = await frame(c);
  const found = await readVolunteerLink(c.var.deps.db.kysely, c.req.param("token"));
  if (found === undefined) return c.html(<NotFound {...f} message={f.t("details.gone")} />, 404);
  if (found === "gone") return c.html(<VolunteerLinkPage {...f} />, 410);
  return c.html(<VolunteerLinkPage {...f} details={found.details} />);
});
