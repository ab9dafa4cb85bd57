// The access policy's `audience` (src/domain/access/policy.ts) as URIs, for
// every object and activity we send: the converters and the publisher.
import type { Context } from "@fedify/fedify";
import { PUBLIC_COLLECTION } from "@fedify/vocab";
import { audience } from "../../src/domain/access/policy.ts";
import type { ContextData } from "../context.ts";

/** to/cc for something of this visibility by the actor `handle`; null when it is never federated. */
export function addressing(ctx: Context<ContextData>, handle: string, visibility: string): { to: URL; cc: URL | null } | null {
  const names = audience(visibility);
  if (!names) return null;
  const uri = (name: "public" | "followers") => (name === "public" ? PUBLIC_COLLECTION : ctx.getFollowersUri(handle));
  return { to: uri(names.to), cc: names.cc ? uri(names.cc) : null };
}

/** The same, as the `to`/`cc` fields of an object or activity (none at all when never federated). */
export function addressFields(ctx: Context<ContextData>, handle: string, visibility: string): { to?: URL; cc?: URL } {
  const found = addressing(ctx, handle, visibility);
  if (!found) return {};
  return found.cc ? { to: found.to, cc: found.cc } : { to: found.to };
}
