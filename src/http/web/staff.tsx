// What the moderation and federation pages share: who may see them, and a
// form's failure as a message next to the field it is about.
import type { Context } from "hono";
import type { Translate } from "../../../web/i18n/index.ts";
import { NotFound } from "../../../web/pages/not-found.tsx";
import type { Account } from "../../domain/accounts/users.ts";
import type { AppEnv } from "../env.ts";
import { fieldError, frame, signedInOrLogin } from "./frame.ts";

/** The signed-in moderator or administrator; otherwise the login redirect or a 403 page to answer with. */
export async function staffOnly(c: Context<AppEnv>): Promise<{ account: Account; response?: undefined } | { account?: undefined; response: Response }> {
  const { account, redirect } = signedInOrLogin(c);
  if (!account) return { response: redirect };
  if (account.role !== "admin" && account.role !== "moderator") {
    const f = await frame(c);
    return { response: await c.html(<NotFound {...f} heading={f.t("error.forbidden")} message={f.t("admin.staffOnly")} />, 403) };
  }
  return { account };
}

/** A refused action (DomainError, or a 4xx HttpProblem) as the message of one field; anything else goes on to onError. */
export function errorOn(field: string, error: unknown, t: Translate): Record<string, string> {
  const [message = ""] = Object.values(fieldError(error, t, field));
  return { [field]: message };
}
