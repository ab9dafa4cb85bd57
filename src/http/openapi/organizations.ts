// The OpenAPI paths of organisations: profile, settings, pictures, members and safeguarding checks.
import { z } from "zod";
import { OrganizationSettings } from "../api/organizations.ts";
import { ref, json, body, ok, bearer, pictureEndpoint, pathParam } from "./parts.ts";

export function organizationPaths() {
  return {
  "/organizations/{handle}/logo": pictureEndpoint("handle", "Set the organisation's logo (the Group's icon) (its coordinators)", "Remove the organisation's logo (its coordinators)"),
  "/organizations/{handle}/image": pictureEndpoint("handle", "Set the organisation's picture (the Group's image) (its coordinators)", "Remove the organisation's image (its coordinators)"),
  "/organizations": {
    get: { summary: "Organisations hosted here", responses: ok("Organisations") },
    post: {
      summary: "Create an organisation (administrators and moderators; they coordinate it)",
      security: bearer,
      requestBody: body("OrganizationCreate"),
      responses: ok("Created", { type: "object" }, "201"),
    },
  },
  "/organizations/{handle}": {
    get: { summary: "An organisation", parameters: [pathParam("handle")], responses: ok("Organisation") },
    patch: {
      summary: "Edit the organisation's public profile (its coordinators and administrators); its followers elsewhere receive an Update of its Group actor",
      security: bearer,
      parameters: [pathParam("handle")],
      requestBody: body("OrganizationProfile"),
      responses: ok("Organisation"),
    },
  },
  "/organizations/{handle}/settings": {
    get: {
      summary: "The organisation's private settings (coordinators): the default contact of its accepted volunteers",
      security: bearer,
      parameters: [pathParam("handle")],
      responses: ok("Settings", z.toJSONSchema(OrganizationSettings)),
    },
    put: {
      summary: "Change the organisation's private settings (coordinators)",
      security: bearer,
      parameters: [pathParam("handle")],
      requestBody: body("OrganizationSettings"),
      responses: ok("Settings", z.toJSONSchema(OrganizationSettings)),
    },
  },
  "/organizations/{handle}/safeguarding-checks": {
    get: {
      summary: "The organisation's safeguarding checks, revoked ones too, newest first (its coordinators and the admins)",
      security: bearer,
      parameters: [pathParam("handle")],
      responses: ok("Checks", { type: "array", items: ref("SafeguardingCheck") }),
    },
    post: {
      summary: "Record that a coordinator met a volunteer of this instance (identity seen, the frame's check seen); written to the audit log",
      security: bearer,
      parameters: [pathParam("handle")],
      requestBody: body("SafeguardingCheckInput"),
      responses: ok("The check", ref("SafeguardingCheck"), "201"),
    },
  },
  "/safeguarding-checks/{id}": {
    delete: {
      summary: "Revoke a check (coordinators of its organisation): it no longer counts, and stays in the list as revoked; written to the audit log",
      security: bearer,
      parameters: [pathParam("id")],
      responses: ok("The revoked check", ref("SafeguardingCheck")),
    },
  },
  "/organizations/{handle}/members": {
    get: { summary: "Members and their roles (coordinators)", security: bearer, parameters: [pathParam("handle")], responses: ok("Members") },
  },
  "/organizations/{handle}/members/{username}": {
    put: {
      summary: "Add a member or change their role (coordinators)",
      security: bearer,
      parameters: [pathParam("handle"), pathParam("username")],
      requestBody: { required: true, content: json({ type: "object", properties: { role: { enum: ["coordinator", "member"] } } }) },
      responses: ok("Members"),
    },
    delete: {
      summary: "Remove a member (coordinators)",
      security: bearer,
      parameters: [pathParam("handle"), pathParam("username")],
      responses: ok("Removed", undefined, "204"),
    },
  },
  };
}
