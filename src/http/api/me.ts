// /api/v1/me: the account a request is authenticated as.
import { Hono } from "hono";
import type { Account } from "../../domain/accounts/users.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";

export function accountJson(account: Account, origin: URL) {
  return {
    id: account.id,
    username: account.username,
    display_name: account.displayName,
    email: account.email,
    role: account.role,
    url: new URL(`/@${account.username}`, origin).href,
    created: account.created,
  };
}

export const me = new Hono<AppEnv>().get("/", requireAccount, (c) =>
  c.json(accountJson(currentAccount(c), c.var.deps.config.publicUrl)),
);
