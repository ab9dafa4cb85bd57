// /api/v1/organizations: create organisations, manage their members and roles.
import { Hono } from "hono";
import { z } from "zod";
import { findUserByLogin } from "../../domain/accounts/users.ts";
import { DomainError } from "../../domain/errors.ts";
import { isDomainSlug } from "../../domain/vocabulary/domains.ts";
import { canCoordinate } from "../../domain/needs/service.ts";
import {
  addMember,
  createOrganization,
  findOrganization,
  listMembers,
  listOrganizations,
  removeMember,
} from "../../domain/organizations/organizations.ts";
import { updateOrganizationProfile } from "../../domain/organizations/profile.ts";
import { organizationVolunteerContact, setOrganizationVolunteerContact } from "../../domain/volunteer-details/details.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { validate } from "../validate.ts";
import { pictureJson } from "./pictures.ts";

export const OrganizationCreate = z.object({
  handle: z.string().min(1).max(30),
  name: z.string().trim().min(1).max(200),
  summary: z.string().max(2000).default(""),
  website: z.url({ protocol: /^https?$/ }).nullable().optional(),
  contact: z.string().max(300).nullable().optional().describe("Public contact: an email address or a phone number"),
  avatar_url: z.url({ protocol: /^https?$/ }).nullable().optional(),
  area: z.string().max(300).default("").describe("The area served, in words"),
  domains: z.array(z.string().refine(isDomainSlug, { error: "not a known domain (see /domains)" })).max(10).default([]),
});

export const OrganizationProfile = z
  .object({
    name: z.string().max(200),
    description: z.string().max(5000).describe("Markdown; shown rendered on the organisation's page and federated as the Group's summary"),
    website: z.string().max(300).nullable().describe("An https:// address; null or empty: none"),
    contact: z.string().max(200).nullable().describe("Public: an email address or a phone number; null or empty: none"),
    area: z.string().max(120).describe("The town or neighbourhood it works in, never a street (public)"),
    domains: z.array(z.string()).max(10).describe("Slugs of the domains of action (see /domains)"),
    avatar_url: z.url({ protocol: /^https$/ }).nullable().describe("The logo's address, when not uploaded here"),
  })
  .partial()
  .strict();

const MemberRole = z.object({ role: z.enum(["coordinator", "member"]) });

export const OrganizationSettings = z.object({
  volunteer_contact: z
    .string()
    .max(300)
    .nullable()
    .describe("Private: the contact given to the accepted volunteers of needs that have none of their own (a phone number, an email address); null or empty: none"),
});

function organizationJson(org: Awaited<ReturnType<typeof findOrganization>> & {}, origin: URL) {
  return {
    id: org.id,
    handle: org.handle,
    name: org.name,
    summary: org.summary,
    description: org.description,
    website: org.website,
    contact: org.contact,
    avatar_url: org.avatarUrl,
    area: org.area,
    domains: org.domains,
    logo: pictureJson(org.logo, origin),
    image: pictureJson(org.image, origin),
    uri: new URL(`/actors/${org.handle}`, origin).href,
    url: new URL(`/@${org.handle}`, origin).href,
    address: `@${org.handle}@${origin.host}`,
    created: org.created,
  };
}

async function managed(c: { var: AppEnv["Variables"] }, handle: string) {
  const db = c.var.deps.db.kysely;
  const org = await findOrganization(db, handle);
  if (!org) throw new HttpProblem(404, `no organisation @${handle}`);
  const account = c.var.account!;
  if (!(await canCoordinate(db, account, org.id))) throw new HttpProblem(403, `only coordinators of @${org.handle} may manage it`);
  return org;
}

export const organizations = new Hono<AppEnv>()
  .get("/", async (c) => {
    const orgs = await listOrganizations(c.var.deps.db.kysely);
    return c.json(orgs.map((o) => organizationJson(o, c.var.deps.config.publicUrl)));
  })
  .post("/", requireAccount, validate("json", OrganizationCreate), async (c) => {
    const account = currentAccount(c);
    // Admins create organisations and appoint a first coordinator; a user creating one coordinates it.
    if (account.role !== "admin" && account.role !== "moderator") {
      throw new HttpProblem(403, "only the instance's administrators and moderators create organisations");
    }
    const { avatar_url, ...body } = c.req.valid("json");
    const org = await createOrganization(c.var.deps.db.kysely, { ...body, avatarUrl: avatar_url, coordinatorId: account.id });
    return c.json(organizationJson(org, c.var.deps.config.publicUrl), 201);
  })
  .get("/:handle", async (c) => {
    const org = await findOrganization(c.var.deps.db.kysely, c.req.param("handle"));
    if (!org) throw new HttpProblem(404, `no organisation @${c.req.param("handle")}`);
    return c.json(organizationJson(org, c.var.deps.config.publicUrl));
  })
  .patch("/:handle", requireAccount, validate("json", OrganizationProfile), async (c) => {
    const { avatar_url, ...patch } = c.req.valid("json");
    const org = await updateOrganizationProfile(c.var.deps.db.kysely, c.var.deps.events, currentAccount(c), c.req.param("handle"), {
      ...patch,
      avatarUrl: avatar_url,
    });
    return c.json(organizationJson(org, c.var.deps.config.publicUrl));
  })
  .get("/:handle/members", requireAccount, async (c) => {
    const org = await managed(c, c.req.param("handle"));
    return c.json(await listMembers(c.var.deps.db.kysely, org.id));
  })
  .put("/:handle/members/:username", requireAccount, validate("json", MemberRole), async (c) => {
    const org = await managed(c, c.req.param("handle"));
    const user = await findUserByLogin(c.var.deps.db.kysely, c.req.param("username"));
    if (!user) throw new DomainError("not_found", `no user @${c.req.param("username")}`, undefined, "account_not_found", { username: c.req.param("username") });
    await addMember(c.var.deps.db.kysely, org.id, user.id, c.req.valid("json").role);
    return c.json(await listMembers(c.var.deps.db.kysely, org.id));
  })
  .get("/:handle/settings", requireAccount, async (c) => {
    const org = await managed(c, c.req.param("handle"));
    return c.json({ volunteer_contact: await organizationVolunteerContact(c.var.deps.db.kysely, org.id) });
  })
  .put("/:handle/settings", requireAccount, validate("json", OrganizationSettings), async (c) => {
    const org = await managed(c, c.req.param("handle"));
    const db = c.var.deps.db.kysely;
    await setOrganizationVolunteerContact(db, currentAccount(c), org.handle, c.req.valid("json").volunteer_contact);
    return c.json({ volunteer_contact: await organizationVolunteerContact(db, org.id) });
  })
  .delete("/:handle/members/:username", requireAccount, async (c) => {
    const org = await managed(c, c.req.param("handle"));
    const user = await findUserByLogin(c.var.deps.db.kysely, c.req.param("username"));
    if (!user || !(await removeMember(c.var.deps.db.kysely, org.id, user.id))) {
      throw new HttpProblem(404, "no such member");
    }
    return c.body(null, 204);
  });
