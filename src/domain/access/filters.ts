// The policy (policy.ts) in SQL, for lists: search and the pages built on it
// (home, search, domains, organisations, the API list), the feeds, the outbox
// and the backfill. `visibleTo(viewer)` keeps the rows of `needs` that
// `mayRead(viewer, need)` admits, and only those (test/access.test.ts checks
// the two against each other); a list adds what it is a list of (open needs,
// published ones) on top.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Visibility } from "../needs/model.ts";
import type { Viewer } from "./policy.ts";

/** Every row: an admin manages every organisation, and so reads everything. */
const ALL = sql<SqlBool>`1 = 1`;

/**
 * The visibilities the viewer may read, whoever the author: every one for an account of
 * this instance (the town's citizens); public only for a visitor not signed in (a teaser
 * is never listed) and for another server (its followers-only needs come apart: see below).
 */
function openVisibilities(viewer: Viewer): Visibility[] {
  return viewer.kind === "account" ? ["public", "followers", "local"] : ["public"];
}

/** A where-builder for `needs`: the needs this viewer may read. */
export function visibleTo(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, "needs">): Expression<SqlBool> => {
    if (viewer.kind === "account" && viewer.role === "admin") return ALL;
    const published = eb.and([eb("needs.published", "is not", null), eb("needs.status", "<>", "draft")]);
    const admitted: Expression<SqlBool>[] = [eb("needs.visibility", "in", openVisibilities(viewer))];
    if (viewer.kind === "remote" && viewer.follows.length > 0) {
      admitted.push(eb.and([eb("needs.visibility", "=", "followers"), eb("needs.organization_id", "in", [...viewer.follows])]));
    }
    const readable = eb.and([published, eb.or(admitted)]);
    if (viewer.kind === "account" && viewer.coordinates.length > 0) {
      return eb.or([readable, eb("needs.organization_id", "in", [...viewer.coordinates])]);
    }
    return readable;
  };
}

/** A where-builder for `offers`: the offers this viewer may read (mayReadOffer). */
export function offersVisibleTo(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, "offers">): Expression<SqlBool> => {
    if (viewer.kind === "account" && viewer.role === "admin") return ALL;
    const admitted: Expression<SqlBool>[] = [eb("offers.visibility", "in", openVisibilities(viewer))];
    if (viewer.kind === "remote" && viewer.follows.length > 0) {
      admitted.push(eb.and([eb("offers.visibility", "=", "followers"), eb("offers.actor_id", "in", [...viewer.follows])]));
    }
    const readable = eb.and([eb("offers.published", "is not", null), eb.or(admitted)]);
    if (viewer.kind === "account") {
      return eb.or([readable, eb("offers.actor_id", "in", [viewer.id, ...viewer.coordinates])]);
    }
    return readable;
  };
}
