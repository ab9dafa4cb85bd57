// /api/v1/tokens: exchange a login and password for a bearer token, list and revoke one's tokens.
import { Hono } from "hono";
import { z } from "zod";
import { DEFAULT_TOKEN_DAYS, issueToken, listTokens, MAX_TOKEN_DAYS, revokeToken } from "../../domain/accounts/tokens.ts";
import { authenticate as checkPassword } from "../../domain/accounts/users.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { validate } from "../validate.ts";

export const TokenRequest = z.object({
  login: z.string().min(1).max(320).describe("Username or email"),
  password: z.string().min(1).max(1024),
  name: z.string().min(1).max(100).optional().describe("What the token is for, shown in the token list"),
  days: z
    .number()
    .int()
    .min(1)
    .max(MAX_TOKEN_DAYS)
    .optional()
    .describe(`Validity in days: ${DEFAULT_TOKEN_DAYS} by default, at most ${MAX_TOKEN_DAYS}; a longer one is refused (422), not shortened`),
});

export const tokens = new Hono<AppEnv>()
  .post("/", validate("json", TokenRequest), async (c) => {
    const body = c.req.valid("json");
    const { db, tokenKeys } = c.var.deps;
    const account = await checkPassword(db.kysely, body.login, body.password);
    if (!account) throw new HttpProblem(401, "wrong login or password");
    const issued = await issueToken(db.kysely, tokenKeys, account.id, { name: body.name, days: body.days });
    return c.json({ id: issued.id, token: issued.token, token_type: "Bearer", expires: issued.expires }, 201);
  })
  .get("/", requireAccount, async (c) => {
    const rows = await listTokens(c.var.deps.db.kysely, currentAccount(c).id);
    return c.json(rows);
  })
  .delete("/:id", requireAccount, async (c) => {
    await revokeToken(c.var.deps.db.kysely, currentAccount(c).id, c.req.param("id"));
    return c.body(null, 204);
  });
