// Moderators name a remote account as people see it (@name@server, as Mastodon
// shows it) or by its actor URI. Blocks are keyed on the actor URI, so a handle
// is asked of its server (WebFinger). An address is kept as typed: blocking
// must not depend on the blocked server answering.
import { DomainError } from "../domain/errors.ts";
import type { FederationEndpoint } from "./env.ts";

const HANDLE = /^@?[^@\s/]+@[^@\s/]+$/;

/** The actor URI for a handle, or the address as typed (for the domain to check). */
export async function actorAddress(federation: FederationEndpoint, typed: string): Promise<string> {
  const value = typed.trim();
  if (!HANDLE.test(value)) return value;
  const uri = await federation.findActorUri(value).catch(() => null);
  if (!uri) throw new DomainError("not_found", `no account found at ${value}`, "uri", "remote_not_found", { target: value });
  return uri;
}
