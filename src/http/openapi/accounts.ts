// The OpenAPI paths of accounts, tokens, my space, places, alerts, notifications and follows.
import { NotificationQuery } from "../api/notifications.ts";
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from "../../domain/accounts/tokens.ts";
import { ref, json, body, ok, bearer, pathParam, queryParams } from "./parts.ts";

export function accountPaths() {
  return {
  "/accounts": {
    post: {
      summary: "Sign up: a citizen's account (403 when the instance takes no new accounts)",
      description:
        "The answer is the same whether the email was free or already an account's: a mail to the address says which " +
        "(a welcome, or a word to its owner that someone tried), so that the API does not tell who has an account here. " +
        "A taken username is refused (409, code handle_taken).",
      requestBody: body("AccountCreate"),
      responses: ok("Accepted: a mail was sent to the address", { type: "object" }, "202"),
    },
  },
  "/instance/settings": {
    get: { summary: "The instance's settings (administrators)", security: bearer, responses: ok("Settings", ref("InstanceSettings")) },
    patch: {
      summary: "Change the instance's settings (administrators); each change is written to the audit log",
      security: bearer,
      requestBody: body("InstanceSettingsPatch"),
      responses: ok("The settings now in force", ref("InstanceSettings")),
    },
  },
  "/places": {
    get: {
      summary: "French communes whose name or postcode starts with `q` (at most 8, most populous first), from the offline gazetteer",
      description:
        "Names, INSEE codes and postcodes from Etalab (Licence Ouverte 2.0), points from GeoNames (CC BY 4.0); `approximate` when " +
        "GeoNames has no point for the commune and the centre of its postcode's communes stands for it. The web search's place field, " +
        "the home page and alerts (`area.place` of POST /alerts) read the same gazetteer: `69100`, `Villeurbanne`, `saint etienne` are found.",
      parameters: [{ name: "q", in: "query", required: true, schema: { type: "string", minLength: 2, maxLength: 100 } }],
      responses: ok("Communes", { type: "object" }),
    },
  },
  "/openapi.json": { get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1 document" } } } },
  "/tokens": {
    post: {
      summary: "Exchange a login and password for a bearer token",
      description:
        `A token lasts \`days\` days: ${DEFAULT_TOKEN_DAYS} by default, at most ${MAX_TOKEN_DAYS} (tokens made with \`entraide token create\` too); ` +
        "a longer lifetime is refused with a 422 problem (code token_days), never shortened in silence. " +
        "Every token of an account is revoked when its password is changed or reset.",
      requestBody: body("TokenRequest"),
      responses: ok("Token issued", { type: "object" }, "201"),
    },
    get: { summary: "My tokens", security: bearer, responses: ok("Tokens, newest first") },
  },
  "/tokens/{id}": {
    delete: { summary: "Revoke one of my tokens", security: bearer, parameters: [pathParam("id")], responses: ok("Revoked", undefined, "204") },
  },
  "/me": {
    get: { summary: "The authenticated account", security: bearer, responses: ok("Account", { type: "object" }) },
    delete: {
      summary: "Erase my account (GDPR art. 17): personal data removed or anonymised everywhere, a Delete of the actor sent to the servers that know it",
      security: bearer,
      requestBody: body("AccountErasure"),
      responses: ok("Erased", undefined, "204"),
    },
  },
  "/me/follows": {
    get: { summary: "The organisations of this instance I follow, with their open needs", security: bearer, responses: ok("Organisations followed") },
  },
  "/organizations/{handle}/follow": {
    post: {
      summary: "Follow an organisation of this instance (accepted at once, never federated); alerts: be told of its new needs",
      security: bearer,
      parameters: [pathParam("handle")],
      requestBody: { required: false, content: json(ref("FollowAlerts")) },
      responses: ok("Following", { type: "object" }),
    },
    patch: {
      summary: "Turn the alerts of my follow on or off",
      security: bearer,
      parameters: [pathParam("handle")],
      requestBody: body("FollowAlerts"),
      responses: ok("Following", { type: "object" }),
    },
    delete: { summary: "Stop following the organisation", security: bearer, parameters: [pathParam("handle")], responses: ok("Unfollowed", undefined, "204") },
  },
  "/me/export": {
    get: { summary: "Everything this instance holds about me (GDPR art. 15 and 20), as JSON: the schema is in docs/privacy.md", security: bearer, responses: ok("The export", { type: "object" }) },
  },
  "/me/applications": {
    get: {
      summary: "My applications, here and on other servers",
      security: bearer,
      responses: ok("Applications", { type: "array", items: { oneOf: [ref("Application"), ref("RemoteApplication")] } }),
    },
  },
  "/me/messages": {
    get: { summary: "Direct messages received from other servers", security: bearer, responses: ok("Messages") },
  },
  "/alerts": {
    get: { summary: "My alerts", security: bearer, responses: ok("Alerts, oldest first", { type: "array", items: ref("Alert") }) },
    post: {
      summary: "Create an alert: open needs published in these domains (and this area) are mailed to me, once each",
      security: bearer,
      requestBody: body("AlertRequest"),
      responses: ok("Created", ref("Alert"), "201"),
    },
  },
  "/alerts/{id}": {
    delete: { summary: "Delete one of my alerts", security: bearer, parameters: [pathParam("id")], responses: ok("Deleted", undefined, "204") },
  },
  "/notifications": {
    get: {
      summary: "My notifications, newest first, paged as Mastodon's (max_id, since_id, min_id; Link header)",
      security: bearer,
      parameters: queryParams(NotificationQuery),
      responses: ok("Notifications", { type: "array", items: ref("Notification") }),
    },
  },
  "/notifications/unread_count": {
    get: { summary: "How many of my notifications are unread", security: bearer, responses: ok("The count", { type: "object", properties: { count: { type: "integer" } } }) },
  },
  "/notifications/read": {
    post: { summary: "Mark all my notifications read", security: bearer, responses: ok("How many were marked", { type: "object", properties: { marked: { type: "integer" } } }) },
  },
  "/notifications/{id}/read": {
    post: { summary: "Mark one of my notifications read", security: bearer, parameters: [pathParam("id")], responses: ok("Marked", undefined, "204") },
  },
  "/follows": {
    post: {
      summary: "Follow an account on another server (by handle or URL)",
      security: bearer,
      requestBody: body("FollowRequest"),
      responses: ok("Follow requested", { type: "object" }, "202"),
    },
  },
  };
}
