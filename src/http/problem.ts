// RFC 9457 problem details: every API error is `application/problem+json`.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { DomainError, DomainErrorKind } from "../domain/errors.ts";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Validation errors: which field, and what is wrong with it. */
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
};

/** Thrown anywhere in a handler; rendered by the app's single `onError`. */
export class HttpProblem extends Error {
  readonly status: ContentfulStatusCode;
  readonly extra: Partial<Problem>;
  readonly headers: Record<string, string>;
  constructor(status: ContentfulStatusCode, detail?: string, extra: Partial<Problem> = {}, headers = {}) {
    super(detail ?? TITLES[status] ?? "Error");
    this.status = status;
    this.extra = { ...extra, ...(detail ? { detail } : {}) };
    this.headers = headers;
  }
}

export function problemBody(status: number, extra: Partial<Problem> = {}): Problem {
  return { type: "about:blank", title: TITLES[status] ?? "Error", status, ...extra };
}

export function problem(c: Context, status: ContentfulStatusCode, extra: Partial<Problem> = {}, headers = {}) {
  return c.body(JSON.stringify(problemBody(status, extra)), status, {
    "Content-Type": "application/problem+json",
    ...headers,
  });
}

const DOMAIN_STATUS: Record<DomainErrorKind, ContentfulStatusCode> = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
};

export function fromDomainError(error: DomainError): HttpProblem {
  const status = DOMAIN_STATUS[error.kind];
  // `code` names the refusal for clients that show their own sentence; `detail` says it in English.
  const extra = { code: error.code, ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}) };
  const headers: Record<string, string> = status === 401 ? { "WWW-Authenticate": 'Bearer realm="entraide"' } : {};
  return new HttpProblem(status, error.message, extra, headers);
}

/**
 * PostgreSQL refuses a NUL character in text (22021) and in jsonb (22P05), where SQLite keeps
 * it: only a request can bring one (`/needs/%00`, a JSON string "\u0000"), so it is bad input.
 */
export function fromUnstorableText(error: unknown): HttpProblem | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code !== "22021" && code !== "22P05") return undefined;
  return new HttpProblem(400, "the request holds a NUL character (U+0000), which cannot be stored");
}

