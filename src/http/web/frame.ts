// What every page handler gives its view: language, translator, who is signed in.
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { z } from "zod";
import { chooseLang, isLang, type Translate, translator } from "../../../web/i18n/index.ts";
import type { Frame, OpenGraph } from "../../../web/layout.tsx";
import type { NeedSummary } from "../../../web/components.tsx";
import { volunteerCount } from "../../../web/i18n/need-words.ts";
import { DomainError, ERROR_CODES, type ErrorCode } from "../../domain/errors.ts";
import { coordinatedOrganizations } from "../../domain/needs/dashboard.ts";
import { type PublishedNeed, volunteerNumbers } from "../../domain/needs/model.ts";
import { formatSchedule } from "../../domain/needs/note-content.ts";
import { unreadCount } from "../../domain/notifications/repository.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";

export const LANG_COOKIE = "lang";
const frames = new WeakMap<object, Promise<Frame>>();

async function buildFrame(c: Context<AppEnv>): Promise<Frame> {
  const lang = chooseLang(getCookie(c, LANG_COOKIE), c.req.header("Accept-Language"));
  const account = c.var.account;
  const url = new URL(c.req.url);
  let signedIn: Frame["signedIn"];
  if (account && c.var.csrf) {
    const orgs = await coordinatedOrganizations(c.var.deps.db.kysely, account);
    const unread = await unreadCount(c.var.deps.db.kysely, account.id);
    signedIn = { username: account.username, csrf: c.var.csrf, role: account.role, coordinates: orgs.length > 0, unread };
  }
  const { name } = await c.var.deps.settings.get();
  const t = translator(lang);
  return {
    instanceName: name,
    lang,
    t,
    path: url.pathname + url.search,
    signedIn,
    confirmation: doneNotice(url.searchParams.get("done"), t),
    ...(signedIn ? {} : { comeBackTo: comeBackTo(url) }),
  };
}

/** A `next` worth keeping: a path on this site (localPath), never the home page it falls back to. */
export function nextPath(value: unknown): string | undefined {
  const path = localPath(value, "");
  return path && path !== "/" ? path : undefined;
}

/**
 * Where signing in or up from the header leads back to: this page, checked as any `next`
 * is (nextPath: a path of this site, never another host); on the sign-in and sign-up pages,
 * the `next` they already carry. A notice said once (`?done=`, `?error=`) is not said again.
 */
function comeBackTo(url: URL): string | undefined {
  if (url.pathname === "/login" || url.pathname === "/signup") return nextPath(url.searchParams.get("next") ?? undefined);
  const query = new URLSearchParams(url.search);
  query.delete("done");
  query.delete("error");
  const search = query.size > 0 ? `?${query}` : "";
  return nextPath(url.pathname + search);
}

/**
 * What an action just did, said on the page it leads to (`?done=<code>`): one of these
 * codes, in the catalogue's words; anything else is not said (never text from the address).
 */
export const DONE_CODES = ["applied", "withdrawn", "accepted", "rejected", "followed", "unfollowed", "saved"] as const;
export type DoneCode = (typeof DONE_CODES)[number];

export function doneNotice(code: string | null | undefined, t: Translate): string | undefined {
  return code && (DONE_CODES as readonly string[]).includes(code) ? t(`done.${code as DoneCode}`) : undefined;
}

/** `path` with `?done=<code>` (or `&done=`): where an action sends the browser, to say it was done. */
export function withDone(path: string, code: DoneCode): string {
  return `${path}${path.includes("?") ? "&" : "?"}done=${code}`;
}

/** The frame of this request (computed once). */
export function frame(c: Context<AppEnv>): Promise<Frame> {
  let found = frames.get(c.req.raw);
  if (!found) {
    found = buildFrame(c);
    frames.set(c.req.raw, found);
  }
  return found;
}

/** Sets the language cookie (a year) and goes back where the visitor was. */
export function switchLanguage(c: Context<AppEnv>) {
  const lang = c.req.param("lang");
  const target = localPath(c.req.query("back"));
  if (isLang(lang)) setCookie(c, LANG_COOKIE, lang, { path: "/", maxAge: 365 * 86_400, sameSite: "Lax", httpOnly: true });
  return c.redirect(target, 303);
}

export function openGraph(c: Context<AppEnv>, path: string, description: string, type?: OpenGraph["type"]): OpenGraph {
  const text = description.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
  return { url: new URL(path, c.var.deps.config.publicUrl).href, description: text.length > 200 ? `${text.slice(0, 197)}…` : text, type };
}

export function summary(need: PublishedNeed & { distanceKm?: number }, f: Frame): NeedSummary {
  const place =
    need.place.mode === "remote"
      ? f.t("need.remote")
      : need.place.mode === "both"
        ? f.t("need.orRemote", { place: need.place.label })
        : need.place.label;
  return {
    id: need.id,
    title: need.title,
    organization: need.organization,
    when: formatSchedule(need.schedule, f.lang),
    place,
    placesLeft: need.placesLeft,
    volunteersWanted: need.volunteersWanted,
    count: volunteerCount(f.lang, volunteerNumbers(need)),
    distanceKm: need.distanceKm,
  };
}

/** The signed-in account, or a redirect to the login page for pages (303). */
export function signedInOrLogin(c: Context<AppEnv>) {
  const account = c.var.account;
  if (!account) {
    const url = new URL(c.req.url);
    return { redirect: c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303) };
  }
  return { account };
}

/** Form fields as strings (a repeated field: its last value). */
export async function formBody(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true }).catch(unreadableForm);
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? String(v.at(-1) ?? "") : typeof v === "string" ? v : ""]),
  );
}

/** Every value of a repeated field (checkboxes), after or instead of formBody (Hono keeps the body it parsed). */
export async function formList(c: Context<AppEnv>, name: string): Promise<string[]> {
  const value = (await c.req.parseBody({ all: true }).catch(unreadableForm))[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === "string");
}

/** A multipart body that does not parse is the sender's fault: 400, not a 500. */
export function unreadableForm(): never {
  throw new HttpProblem(400, "the form could not be read");
}

/** A refusal of the domain in the page's language (the API keeps the English message). */
export function errorMessage(error: DomainError, t: Translate): string {
  return t(`error.${error.code}`, error.params);
}

/** The sentence of an error code passed in a redirect's query (?error=), or the generic one. */
export function queryError(code: string | undefined, t: Translate): string | undefined {
  if (!code) return undefined;
  return (ERROR_CODES as readonly string[]).includes(code) ? t(`error.${code as ErrorCode}`) : t("error.generic");
}

/** A validation problem of a form field in the page's language. */
export function issueMessage(issue: z.core.$ZodIssue, t: Translate): string {
  const origin = "origin" in issue ? issue.origin : undefined;
  if (issue.code === "too_small") {
    const minimum = Number(issue.minimum);
    if (origin === "string") return t("invalid.tooShort", { minimum });
    if (origin === "array" || origin === "set") return t("invalid.tooFew", { minimum });
    return t("invalid.tooSmall", { minimum });
  }
  if (issue.code === "too_big") {
    const maximum = Number(issue.maximum);
    if (origin === "string") return t("invalid.tooLong", { maximum });
    if (origin === "array" || origin === "set") return t("invalid.tooMany", { maximum });
    return t("invalid.tooBig", { maximum });
  }
  if (issue.code === "invalid_format" && /date|time/.test(issue.format)) return t("invalid.date");
  return t("invalid.value");
}

/** A DomainError as a field's message for the form, in the page's language; anything else goes on to onError. */
export function fieldError(error: unknown, t: Translate, fallbackField = "_form"): Record<string, string> {
  if (error instanceof DomainError) return { [error.field ?? fallbackField]: errorMessage(error, t) };
  if (error instanceof HttpProblem && error.status < 500) return { [fallbackField]: error.message };
  throw error;
}

function hasControlOrBackslash(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}

// Any origin of ours will do: only whether the parsed URL stays on it matters.
const HERE = "http://entraide.invalid";

/**
 * A path on this site to send a visitor back to (?next=, ?back=, a Referer), or `fallback`.
 * Browsers drop tabs and line breaks from a Location and read a backslash as a slash, so
 * "/\t/evil.example" or "/\\evil.example" lead elsewhere: the value is parsed as a URL, as a
 * browser would, and kept only when it stays on this origin; what is sent is the parsed path,
 * never the raw text, and never one that starts with "//" (a path like "/.//evil.example"
 * parses to "//evil.example", which a browser reads as another host).
 */
export function localPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || hasControlOrBackslash(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return fallback;
  }
  if (url.origin !== HERE) return fallback;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("//") ? fallback : path;
}
