// Errors on web pages: a readable page in the visitor's language, not problem+json.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { NotFound } from "../../../web/pages/not-found.tsx";
import type { AppEnv } from "../env.ts";
import { DomainError } from "../../domain/errors.ts";
import { errorMessage, frame } from "./frame.ts";

export async function htmlError(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  detail?: string | DomainError,
  headers: Record<string, string> = {},
): Promise<Response> {
  const f = await frame(c);
  const heading =
    status === 404 ? f.t("error.notFound") : status === 401 || status === 403 ? f.t("error.forbidden") : f.t("error.generic");
  // Internals never reach the page: 5xx show the generic sentence only.
  const message =
    status >= 500 ? f.t("error.generic") : status === 413 ? f.t("error.tooLarge") : detail instanceof DomainError ? errorMessage(detail, f.t) : (detail ?? heading);
  // Retry-After (429) and WWW-Authenticate (401) matter to browsers too.
  return c.html(<NotFound {...f} heading={heading} message={message} />, status, headers);
}
