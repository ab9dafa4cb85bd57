// Types shared by the HTTP layer: what handlers find in `c.var`, and what the app is built from.
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { TokenKeys } from "../domain/accounts/tokens.ts";
import type { Account } from "../domain/accounts/users.ts";

/** The federation as the HTTP layer sees it; the entry point adapts Fedify to it. */
export interface FederationEndpoint {
  fetch(
    request: Request,
    hooks: { onNotFound(request: Request): Promise<Response>; onNotAcceptable(request: Request): Promise<Response> },
  ): Promise<Response>;
  /** The JRD at /.well-known/nodeinfo (NodeInfo 2.1 and the FEP-2677 application actor). */
  nodeInfoLinks(request: Request): Promise<Response>;
}

export interface HttpDeps {
  config: Config;
  db: Db;
  tokenKeys: TokenKeys;
  federation: FederationEndpoint;
  version: string;
}

export interface AppEnv {
  Variables: {
    deps: HttpDeps;
    clientIp: string;
    account?: Account;
    /** How the account was authenticated: bearer tokens need no CSRF token, cookies do. */
    via?: "token" | "session";
    csrf?: string;
    sessionSecret?: string;
  };
}
