// Who may read a need, and who may apply to it: one rule for the web pages,
// the API, the objects served to other servers and the inbox. Pure functions:
// the caller finds out who is asking (signed in here? a coordinator? a
// follower of the organisation?) and these decide.
import type { Need } from "./model.ts";

/** Who is asking, as far as a need's visibility cares. */
export type NeedViewer =
  /** A visitor not signed in (a page, the API without a token). */
  | { kind: "anonymous" }
  /** Someone signed in on this instance; a coordinator of the need's organisation (or an admin) sees all of it. */
  | { kind: "account"; coordinator: boolean }
  /** An actor of another server: a signed fetch, or the sender of an activity. */
  | { kind: "remote"; follower: boolean };

type Visible = Pick<Need, "published" | "status" | "visibility">;

/**
 * Whether a viewer may see a need. Coordinators see their own, drafts
 * included; everyone else sees only what was published:
 * - `public`: everyone;
 * - `followers`: the organisation's followers, who are accounts on other
 *   servers (signed requests); on this instance, nobody else yet;
 * - `local`: this instance only, never another server.
 */
export function mayRead(viewer: NeedViewer, need: Visible): boolean {
  if (viewer.kind === "account" && viewer.coordinator) return true;
  if (!need.published || need.status === "draft") return false;
  switch (need.visibility) {
    case "public":
      return true;
    case "followers":
      return viewer.kind === "remote" && viewer.follower;
    case "local":
      return viewer.kind !== "remote";
  }
}

/**
 * Whether a viewer may apply to a need: only someone who may read it (so an
 * id learnt elsewhere opens nothing more than the need's page would), who is
 * someone (signed in here, or a remote actor), and never to a draft.
 * Whether the need still takes applications (open, before its deadline) is
 * checked when applying, with its own answer.
 */
export function mayApply(viewer: NeedViewer, need: Visible): boolean {
  if (viewer.kind === "anonymous") return false;
  if (!need.published || need.status === "draft") return false;
  return mayRead(viewer, need);
}
