// The OpenAPI paths of reports, moderation and the instance's federation (follows, relays, members).
import { json, body, ok, bearer, pathParam } from "./parts.ts";
export function moderationPaths() {
  return {
  "/reports": {
    post: {
      summary: "Report an account or a post on another server (sent there as a Flag from this instance)",
      security: bearer,
      requestBody: body("ReportRequest"),
      responses: ok("Report recorded and sent", { type: "object" }, "202"),
    },
  },
  "/moderation/domain-blocks": {
    get: { summary: "Blocked and silenced servers (moderators)", security: bearer, responses: ok("Blocks") },
    post: {
      summary: "Suspend (refuse all traffic) or silence (keep out of public listings) a server",
      security: bearer,
      requestBody: body("DomainBlockRequest"),
      responses: ok("Blocked", { type: "object" }, "201"),
    },
  },
  "/moderation/domain-blocks/{domain}": {
    delete: { summary: "Lift a block", security: bearer, parameters: [pathParam("domain")], responses: ok("Lifted", undefined, "204") },
  },
  "/moderation/allowed-domains": {
    post: {
      summary: "Approve a server (allow-list mode: FEDERATION_MODE=allowlist)",
      security: bearer,
      requestBody: { required: true, content: json({ type: "object", properties: { domain: { type: "string" } } }) },
      responses: ok("Approved", undefined, "204"),
    },
  },
  "/moderation/actor-blocks": {
    post: {
      summary: "Block a remote account",
      security: bearer,
      requestBody: {
        required: true,
        content: json({
          type: "object",
          required: ["uri"],
          properties: {
            uri: { type: "string", description: "The account's handle (@name@server, asked of its server by WebFinger) or its actor URI" },
            reason: { type: "string" },
          },
        }),
      },
      responses: ok("Blocked", undefined, "204"),
    },
  },
  "/moderation/accounts/{username}/erase": {
    post: {
      summary: "Erase a local account (administrators), with a reason kept in the audit log; answers the rows removed or anonymised, by table",
      security: bearer,
      parameters: [pathParam("username")],
      requestBody: body("AdminErasure"),
      responses: ok("Erased", { type: "object" }),
    },
  },
  "/moderation/accounts/{username}/suspend": {
    post: {
      summary: "Suspend a local account; what it published is withdrawn with Delete",
      security: bearer,
      parameters: [pathParam("username")],
      responses: ok("Suspended", undefined, "204"),
    },
  },
  "/moderation/reports": {
    get: { summary: "The moderation queue: reports received and sent", security: bearer, responses: ok("Reports") },
  },
  "/moderation/reports/{id}": {
    patch: { summary: "Resolve a report", security: bearer, parameters: [pathParam("id")], responses: ok("Resolved", undefined, "204") },
  },
  "/moderation/audit": { get: { summary: "The audit log of moderators' actions", security: bearer, responses: ok("Entries, newest first") } },
  "/federation/follows": {
    get: { summary: "The instances this one follows (moderators)", security: bearer, responses: ok("Follows") },
    post: {
      summary: "Follow another Entraide instance (administrators)",
      security: bearer,
      requestBody: body("InstanceFollowRequest"),
      responses: ok("Follow sent", { type: "object" }, "202"),
    },
    delete: {
      summary: "Stop following an instance (administrators)",
      security: bearer,
      requestBody: body("InstanceFollowRequest"),
      responses: ok("Unfollowed", undefined, "204"),
    },
  },
  "/federation/relays": {
    post: {
      summary: "Subscribe to an ActivityPub relay (Mastodon/LitePub protocol; administrators)",
      security: bearer,
      requestBody: body("InstanceFollowRequest"),
      responses: ok("Subscription sent", { type: "object" }, "202"),
    },
  },
  "/federation/members": {
    get: { summary: "Member instances of this federation of towns, with open needs per domain", responses: ok("Members") },
  },
  };
}
