// Who may see or act: one policy for the web pages, the API, the feeds, the
// objects served to other servers, the outbox, the publisher and the inbox.
// Pure functions of a `Viewer` (who asks, built once per request: see
// viewers.ts) and of the thing asked for; `filters.ts` says the same in SQL
// for lists. No path decides alone: test/access.test.ts crosses viewers,
// visibilities and routes and fails when one disagrees with this file.
import type { UserRole } from "../../db/schema.ts";
import type { Visibility } from "../needs/model.ts";

/** Who is asking. */
export type Viewer =
  /** A visitor not signed in: a page, the API without a token. */
  | { kind: "anonymous" }
  /** An account of this instance, with the organisations (actor ids) it coordinates. */
  | { kind: "account"; id: string; role: UserRole; coordinates: readonly string[] }
  /**
   * An actor of another server (a signed fetch, the sender of an activity), with the
   * local actors (ids) it follows; `uri` is null for one we know nothing of.
   */
  | { kind: "remote"; uri: string | null; follows: readonly string[] };

export type AccountViewer = Extract<Viewer, { kind: "account" }>;

export const ANONYMOUS: Viewer = { kind: "anonymous" };

/**
 * Whoever, wherever: a server we know nothing of, or a program that copies what it
 * reads elsewhere (a feed reader, an aggregator). Feeds and the outbox answer as for
 * it, so that they show only what may go anywhere.
 */
export const OUTSIDER: Viewer = { kind: "remote", uri: null, follows: [] };

/**
 * Any account of this instance that manages nothing: what every account here may read
 * (public, followers-only and local needs: the town's citizens read them all).
 * Alerts, mailed to many accounts at once, are decided for it.
 */
export const ANY_ACCOUNT: Viewer = { kind: "account", id: "", role: "citizen", coordinates: [] };

/**
 * How much of a need a viewer may read:
 * - `full`: everything, private fields included (its coordinators);
 * - `published`: what is published of it, without its private fields (`toPublishedNeed`);
 * - `teaser`: not the need, but that it exists, what kind of need it is (domains,
 *   neighbourhood, period, organisation) and how to see it (sign in, sign up, follow
 *   the organisation): a visitor not signed in, asking for a followers-only or local
 *   need by its address;
 * - `none`: nothing, not even that it exists (404).
 */
export type NeedReading = "full" | "published" | "teaser" | "none";

/** What the policy reads of a need. */
export interface NeedFacts {
  organization: { id: string };
  published: string | null;
  status: string;
  visibility: Visibility;
}

/** Whether the viewer may manage the need (edit, publish, decide applications): its organisation's coordinators and the admins. */
export function mayManage(viewer: Viewer, need: Pick<NeedFacts, "organization">): boolean {
  return coordinates(viewer, need.organization.id);
}

function coordinates(viewer: Viewer, organizationId: string): boolean {
  return viewer.kind === "account" && (viewer.role === "admin" || viewer.coordinates.includes(organizationId));
}

const isPublished = (thing: { published: string | null; status: string }) => thing.published !== null && thing.status !== "draft";

/**
 * The reading rule of a visibility, for something published by `authorId`:
 * - `public`: everyone, here and on every server;
 * - `followers`: every account of this instance (the town's citizens), and the
 *   author's followers on other servers (signed requests);
 * - `local`: every account of this instance; never another server.
 * A visitor not signed in reads only what is public (and a teaser of the rest: readNeed).
 */
function visibilityAdmits(viewer: Viewer, visibility: Visibility, authorId: string): boolean {
  switch (visibility) {
    case "public":
      return true;
    case "followers":
      return viewer.kind === "account" || (viewer.kind === "remote" && viewer.follows.includes(authorId));
    case "local":
      return viewer.kind === "account";
  }
}

/**
 * How much of a need the viewer reads: its managers everything; whom its visibility
 * admits what is published of it; a visitor not signed in a teaser of a published
 * followers-only or local need (sign in to read it); anyone else nothing. Another
 * server is never told more than its visibility admits: no teaser leaves the instance.
 */
export function readNeed(viewer: Viewer, need: NeedFacts): NeedReading {
  if (mayManage(viewer, need)) return "full";
  if (!isPublished(need)) return "none";
  if (visibilityAdmits(viewer, need.visibility, need.organization.id)) return "published";
  return viewer.kind === "anonymous" ? "teaser" : "none";
}

/** Whether the viewer may see the need itself (its published view or more; a teaser is not the need). */
export function mayRead(viewer: Viewer, need: NeedFacts): boolean {
  const reading = readNeed(viewer, need);
  return reading === "full" || reading === "published";
}

/**
 * Whether the viewer may apply to a need: only someone who may read it (so an id
 * learnt elsewhere opens nothing more than the need's page would), who is someone
 * (signed in here, or a remote actor), and never to a draft. Whether the need still
 * takes applications (open, before its deadline) is checked when applying, with its
 * own answer.
 */
export function mayApply(viewer: Viewer, need: NeedFacts): boolean {
  if (viewer.kind === "anonymous" || !isPublished(need)) return false;
  return mayRead(viewer, need);
}

/** What the policy reads of an offer. */
export interface OfferFacts {
  author: { id: string; type: "Person" | "Group" };
  published: string | null;
  status: string;
  visibility: Visibility;
}

/**
 * Whether the viewer may manage an offer (see its followers-only page, edit, delete):
 * its author, the coordinators of the organisation that is its author, and the admins.
 */
export function mayManageOffer(viewer: Viewer, offer: Pick<OfferFacts, "author">): boolean {
  if (viewer.kind !== "account") return false;
  if (viewer.id === offer.author.id || viewer.role === "admin") return true;
  return offer.author.type === "Group" && viewer.coordinates.includes(offer.author.id);
}

/** Whether the viewer may see an offer: who manages it, or whom its visibility admits. */
export function mayReadOffer(viewer: Viewer, offer: OfferFacts): boolean {
  if (mayManageOffer(viewer, offer)) return true;
  return offer.published !== null && visibilityAdmits(viewer, offer.visibility, offer.author.id);
}

/**
 * Whether the viewer may read an application: the account that applied, or who
 * manages the need it is for. (A remote applicant reads its answer in its inbox.)
 */
export function mayReadApplication(
  viewer: Viewer,
  application: { applicant: { kind: string; userId?: string } },
  need: Pick<NeedFacts, "organization">,
): boolean {
  if (mayManage(viewer, need)) return true;
  return viewer.kind === "account" && application.applicant.kind === "account" && application.applicant.userId === viewer.id;
}

/** What the policy reads of an application and its need to give a volunteer their need's details. */
export interface VolunteerFacts {
  application: { status: string; applicant: { kind: string; userId?: string } };
  need: { status: string };
}

/**
 * Whether an application still opens its need's details (the exact address, the contact,
 * the practical details): accepted, for a need that still happens. A filled need still
 * has volunteers who need the address; a need done, cancelled (or deleted: then there
 * is no need) does not, nor an application withdrawn, rejected or done.
 */
function volunteerDetailsOpen({ application, need }: VolunteerFacts): boolean {
  return application.status === "accepted" && (need.status === "open" || need.status === "filled");
}

/**
 * Whether the viewer may read a need's details for its volunteers through this application:
 * only the account of this instance that applied, once accepted. Nobody else: not another
 * volunteer's account, not a visitor; the coordinators wrote them and see them in their form.
 */
export function mayReadVolunteerDetails(viewer: Viewer, facts: VolunteerFacts): boolean {
  const { applicant } = facts.application;
  return viewer.kind === "account" && applicant.kind === "account" && applicant.userId === viewer.id && volunteerDetailsOpen(facts);
}

/**
 * Whether the private link of a remote volunteer's application shows the details: its holder
 * is whoever the acceptance was sent to (the link is their only credential), as long as the
 * application is accepted and the need still happens; then the page answers 410.
 */
export function mayReadVolunteerDetailsByLink(facts: VolunteerFacts): boolean {
  return facts.application.applicant.kind === "remote" && volunteerDetailsOpen(facts);
}

/**
 * Whether the viewer may read the email address of an applicant of this instance: the
 * need's coordinators, when the applicant agreed to share it when applying.
 */
export function mayReadApplicantEmail(
  viewer: Viewer,
  application: { shareEmail: boolean; applicant: { kind: string } },
  need: Pick<NeedFacts, "organization">,
): boolean {
  return mayManage(viewer, need) && application.applicant.kind === "account" && application.shareEmail;
}

/**
 * Who an object of this visibility is addressed to on the wire, in the names the
 * converters and the publisher turn into URIs: `public` (as:Public) and the author's
 * `followers` collection, always named (some servers hand a shared-inbox delivery
 * only to the accounts it is addressed to). Null: it is never federated (`local`, or
 * a visibility this version does not know, as an old event might carry).
 */
export function audience(visibility: Visibility | (string & {})): { to: "public" | "followers"; cc: "followers" | null } | null {
  if (visibility === "public") return { to: "public", cc: "followers" };
  if (visibility === "followers") return { to: "followers", cc: null };
  return null;
}

/** The visibilities that go out of this instance (NodeInfo counts them as posts). */
export const FEDERATED: Visibility[] = (["public", "followers", "local"] as const).filter((v) => audience(v) !== null);

/**
 * Viewers who get the same answer, so that a cache of whole answers may keep one
 * answer for them all: `anonymous`, the visitors of this instance not signed in;
 * `remote`, any actor of another server, whoever signed the request. Null: the
 * answer is made for the viewer (an account, a remote actor known to follow).
 */
export type CacheClass = "anonymous" | "remote";

/** The cache class of a viewer, or null when its answers are not kept. */
export function cacheClass(viewer: Viewer): CacheClass | null {
  if (viewer.kind === "anonymous") return "anonymous";
  if (viewer.kind === "remote" && viewer.follows.length === 0) return "remote";
  return null;
}

/**
 * Whether a need's answer may be kept for a class: every viewer of the class must
 * read it the same. For `anonymous`, every visitor not signed in is the one viewer
 * ANONYMOUS: its published view, or its teaser, is the same for all of them (a need
 * it may not read at all, `none`, is not kept). For `remote`, the cache is asked
 * before the signature is checked, so the answer must be the one a server we know
 * nothing of gets: a follower reads at least as much, and then exactly that: only a
 * published view (another server never gets a teaser).
 */
export function mayCacheNeed(cls: CacheClass, need: NeedFacts): boolean {
  if (cls === "anonymous") {
    const reading = readNeed(ANONYMOUS, need);
    return reading === "published" || reading === "teaser";
  }
  return readNeed(OUTSIDER, need) === "published";
}
