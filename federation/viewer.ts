// The Viewer (src/domain/access/policy.ts) of a request another server made:
// the owner of the key that signed it, with what it follows here, built once
// per request; OUTSIDER when the request is not signed (or the key cannot be had).
import type { RequestContext } from "@fedify/fedify";
import { OUTSIDER, type Viewer } from "../src/domain/access/policy.ts";
import { viewerOfRemoteUri } from "../src/domain/access/viewers.ts";
import type { ContextData } from "./context.ts";

const viewers = new WeakMap<Request, Promise<Viewer>>();

export function requestViewer(ctx: RequestContext<ContextData>): Promise<Viewer> {
  let viewer = viewers.get(ctx.request);
  if (!viewer) {
    viewer = ctx
      .getSignedKeyOwner()
      .catch(() => null)
      .then((owner) => (owner?.id ? viewerOfRemoteUri(ctx.data.db, owner.id.href) : OUTSIDER));
    viewers.set(ctx.request, viewer);
  }
  return viewer;
}

/**
 * Whether the request's viewer may read something, by `rule`: a server we know nothing of
 * first, so that whose signature it is matters (and a key is fetched) only when the thing
 * is not for everyone.
 */
export async function requestMayRead<T>(ctx: RequestContext<ContextData>, rule: (viewer: Viewer, thing: T) => boolean, thing: T): Promise<boolean> {
  return rule(OUTSIDER, thing) || rule(await requestViewer(ctx), thing);
}
