// An organisation's public profile, edited by its coordinators (issue 16): its
// description (Markdown), website, public contact, the town it works in (never a
// street: the profile is public and federated), its domains of action and its logo.
// A change is told to the organisation's followers elsewhere (`organization.updated`:
// an `Update` of its `Group` actor).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { DomainError } from "../errors.ts";
import { canCoordinate } from "../needs/service.ts";
import { htmlToText, renderMarkdown } from "../text/markdown.ts";
import { isDomainSlug } from "../vocabulary/domains.ts";
import { findOrganization, type Organization } from "./organizations.ts";

export const PROFILE_LIMITS = { description: 5000, website: 300, contact: 200, area: 120, domains: 10 } as const;

/** What a coordinator may change; a field left undefined stays as it is, null or "" empties it. */
export interface ProfilePatch {
  name?: string;
  description?: string;
  website?: string | null;
  contact?: string | null;
  area?: string;
  domains?: string[];
  avatarUrl?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Digits, spaces, dots, dashes, parentheses and a leading + : "04 72 00 00 00", "+33 4 72 00 00 00".
const PHONE = /^\+?[\d\s.()-]{6,20}$/;
// A street: a house number followed by words, or one of the words that name a way.
const STREET = /(^|[\s,])\d+\s*(bis|ter)?\s*,?\s+\p{L}|\b(rue|avenue|av\.|boulevard|bd|chemin|all[ée]e|impasse|quai|route|cours|place|square|street|road|lane)\b/iu;

function tooLong(field: string, max: number): never {
  throw new DomainError("invalid", `${field} has at most ${max} characters`, field, "text_too_long", { max });
}

/** The public contact: an email address or a phone number, nothing else. */
export function checkPublicContact(value: string): string {
  const v = value.trim();
  if (v.length > PROFILE_LIMITS.contact) tooLong("contact", PROFILE_LIMITS.contact);
  if (!EMAIL.test(v) && !(PHONE.test(v) && (v.match(/\d/g)?.length ?? 0) >= 6)) {
    throw new DomainError("invalid", "the contact is an email address or a phone number", "contact", "public_contact_invalid");
  }
  return v;
}

export function checkWebsite(value: string): string {
  const v = value.trim();
  if (v.length > PROFILE_LIMITS.website) tooLong("website", PROFILE_LIMITS.website);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new DomainError("invalid", "the website is an https:// address", "website", "website_invalid");
  }
  if (url.protocol !== "https:" || !url.hostname.includes(".")) {
    throw new DomainError("invalid", "the website is an https:// address", "website", "website_invalid");
  }
  return url.href;
}

/** A town or a neighbourhood ("Villeurbanne", "Lyon 4e"): a street or a house number is refused. */
export function checkArea(value: string): string {
  const v = value.trim().replace(/\s+/g, " ");
  if (v.length > PROFILE_LIMITS.area) tooLong("area", PROFILE_LIMITS.area);
  if (STREET.test(v)) throw new DomainError("invalid", "the area is a town or a neighbourhood, without a street", "area", "area_street");
  return v;
}

/** Saves a coordinator's changes to the profile and tells the followers; answers the profile as it now is. */
export async function updateOrganizationProfile(
  db: Kysely<Database>,
  events: EventSink,
  account: Account,
  handle: string,
  patch: ProfilePatch,
): Promise<Organization> {
  const org = await findOrganization(db, handle);
  if (!org) throw new DomainError("not_found", `no organisation @${handle} on this server`, "organization", "organization_not_found", { handle });
  if (!(await canCoordinate(db, account, org.id))) {
    throw new DomainError("forbidden", `only coordinators of @${org.handle} may edit its profile`, undefined, "coordinators_only", { handle: org.handle });
  }
  const profile: { description?: string; website?: string | null; contact?: string | null; area?: string; domains?: string; avatar_url?: string | null } = {};
  const actor: { name?: string; summary?: string } = {};
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (!name) throw new DomainError("invalid", "an organisation needs a name", "name", "organization_name_required");
    if (name.length > 200) tooLong("name", 200);
    actor.name = name;
  }
  if (patch.description !== undefined) {
    const description = patch.description.trim();
    if (description.length > PROFILE_LIMITS.description) tooLong("description", PROFILE_LIMITS.description);
    profile.description = description;
    // The plain text, for previews (Open Graph, lists) and other readers of `actors.summary`.
    actor.summary = htmlToText(renderMarkdown(description)).slice(0, 2000);
  }
  if (patch.website !== undefined) profile.website = patch.website?.trim() ? checkWebsite(patch.website) : null;
  if (patch.contact !== undefined) profile.contact = patch.contact?.trim() ? checkPublicContact(patch.contact) : null;
  if (patch.area !== undefined) profile.area = checkArea(patch.area);
  if (patch.avatarUrl !== undefined) profile.avatar_url = patch.avatarUrl;
  if (patch.domains !== undefined) {
    const domains = [...new Set(patch.domains)];
    const unknown = domains.find((d) => !isDomainSlug(d));
    if (unknown) throw new DomainError("invalid", `not a known domain: ${unknown}`, "domains", "vocabulary_domain_unknown");
    if (domains.length > PROFILE_LIMITS.domains) throw new DomainError("invalid", `at most ${PROFILE_LIMITS.domains} domains`, "domains", "vocabulary_domain_unknown");
    profile.domains = JSON.stringify(domains);
  }
  await commitWithEvents(db, events, async (trx) => {
    if (Object.keys(profile).length > 0) await trx.updateTable("organizations").set(profile).where("id", "=", org.id).execute();
    // The actor's `updated` moves with every change: the cached actor document is keyed on it.
    await trx.updateTable("actors").set({ ...actor, updated: now() }).where("id", "=", org.id).execute();
    await events.emit(trx, { type: "organization.updated", organizationId: org.id, handle: org.handle });
  });
  return (await findOrganization(db, org.handle))!;
}
