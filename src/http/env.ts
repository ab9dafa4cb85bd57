// Types shared by the HTTP layer: what handlers find in `c.var`, and what the app is built from.
import type { ResponseCache } from "../cache/responses.ts";
import type { FileStore } from "../domain/pictures/store.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { TokenKeys } from "../domain/accounts/tokens.ts";
import type { Viewer } from "../domain/access/policy.ts";
import type { Account } from "../domain/accounts/users.ts";
import type { EventSink } from "../domain/events.ts";
import type { MembersOpenData } from "../domain/evaluation/federation.ts";
import type { InstanceSettingsStore } from "../domain/instance/settings.ts";
import type { FederationPolicy } from "../domain/moderation/policy.ts";

/** The federation as the HTTP layer sees it; the entry point adapts Fedify to it. */
export interface FederationEndpoint {
  fetch(
    request: Request,
    hooks: { onNotFound(request: Request): Promise<Response>; onNotAcceptable(request: Request): Promise<Response> },
  ): Promise<Response>;
  /** The JRD at /.well-known/nodeinfo (NodeInfo 2.1 and the FEP-2677 application actor). */
  nodeInfoLinks(request: Request): Promise<Response>;
  /** An offer (or its Proposal) as JSON-LD when the request asks for it; null otherwise. */
  offerObject(request: Request, id: string, proposal: boolean): Promise<Response | null>;
  /** A deleted need's Tombstone (410) when the request asks for JSON-LD; null otherwise. */
  needTombstone(request: Request, id: string, deleted: string): Promise<Response | null>;
  /** A deleted good-practice sheet's Tombstone (410) when the request asks for JSON-LD; null otherwise. */
  practiceTombstone(request: Request, id: string, deleted: string): Promise<Response | null>;
  /** A try made here of a sheet (a Note replying to it) as JSON-LD when the request asks for it; null otherwise. */
  practiceTry(request: Request, id: string): Promise<Response | null>;
  /** The instance follows another instance (or subscribes to a relay), or stops. */
  followInstance(target: string, relay: boolean): Promise<{ uri: string; handle: string | null; name: string }>;
  unfollowInstance(target: string): Promise<void>;
  listInstanceFollows(): Promise<{ uri: string; handle: string | null; name: string; accepted: number; created: string }[]>;
  /** On an aggregator, the open data of the instances it follows (cached an hour), and those whose open data could not be had. */
  membersOpenData(): Promise<MembersOpenData>;
  /** The URI of the remote actor a handle (@name@server) or URL names; null when nothing answers as an actor. */
  findActorUri(query: string): Promise<string | null>;
  /** A local actor follows a remote one, found by handle or URL. */
  follow(localActorId: string, target: string): Promise<{ uri: string; handle: string | null; name: string }>;
}

export interface HttpDeps {
  config: Config;
  db: Db;
  tokenKeys: TokenKeys;
  federation: FederationEndpoint;
  /** Where committed changes are announced (federation delivers them). */
  events: EventSink;
  /** Where uploaded pictures are kept (src/storage/). */
  files: FileStore;
  policy: FederationPolicy;
  /** The instance's settings (name, rules, sign-ups…): the environment's, or what an administrator saved. */
  settings: InstanceSettingsStore;
  /** Need pages for visitors not signed in, kept whole (page-cache.ts); none when absent. */
  pages?: ResponseCache;
  /** Whether the message queue answers, when it is a separate service (Redis). */
  queueReady?: () => Promise<boolean>;
  version: string;
  /**
   * Tests replaying other servers' documents only (`testing` in main.ts): Fedify does not
   * verify inbox signatures, so the inbox guard does not refuse unsigned deliveries.
   */
  signaturesSkipped?: boolean;
}

export interface AppEnv {
  Variables: {
    deps: HttpDeps;
    clientIp: string;
    account?: Account;
    /** Who asks, as the access policy sees it (src/domain/access/): set by `authenticate`, once per request. */
    viewer?: Viewer;
    /** How the account was authenticated: bearer tokens need no CSRF token, cookies do. */
    via?: "token" | "session";
    csrf?: string;
    sessionSecret?: string;
  };
}
