// /api/v1/missions: needs (missions for volunteers). The body is parsed and
// checked already, so malformed JSON gets its 400; publishing comes next.
import { Hono } from "hono";
import { z } from "zod";
import { requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { validate } from "../validate.ts";

export const missions = new Hono<AppEnv>().post(
  "/",
  validate("json", z.looseObject({})),
  requireAccount,
  () => {
    throw new HttpProblem(501, "publishing needs is not available on this server yet");
  },
);
