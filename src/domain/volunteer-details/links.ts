// The private link that gives a volunteer on another server their need's details,
// so that the exact address is never stored there: the acceptance sent to them
// carries the link, not the address. The token is an HMAC of the application's id
// under a secret of this instance (unguessable; the same each time it is asked for,
// so that a delivery tried again sends the same link); only its SHA-256 is stored,
// to find the application from the link. It ends when the policy says so
// (`mayReadVolunteerDetailsByLink`: withdrawn, rejected, the need done, cancelled or
// deleted): the page then answers 410.
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { mayReadVolunteerDetailsByLink } from "../access/policy.ts";
import { getOrCreateSecret } from "../instance/secrets.ts";
import { findApplication } from "../needs/applications.ts";
import { findNeed } from "../needs/repository.ts";
import { detailsOfNeed, type VolunteerDetails } from "./details.ts";

const SECRET = "volunteer_links";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The token of an application's link (43 characters, base64url), recorded by its hash on first use. */
export async function volunteerLinkToken(db: Kysely<Database>, applicationId: string): Promise<string> {
  const secret = await getOrCreateSecret(db, SECRET, async () => randomBytes(32).toString("base64url"));
  const token = createHmac("sha256", secret).update(`volunteer-link:${applicationId}`).digest("base64url");
  await db
    .insertInto("volunteer_links")
    .values({ token_hash: sha256(token), application_id: applicationId, created: now() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return token;
}

/**
 * What a link shows: the details while the policy admits it, `gone` once it has ended
 * (410), undefined for a token that was never one (404).
 */
export async function readVolunteerLink(db: Kysely<Database>, token: string): Promise<{ details: VolunteerDetails } | "gone" | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const row = await db.selectFrom("volunteer_links").select("application_id").where("token_hash", "=", sha256(token)).executeTakeFirst();
  if (!row) return undefined;
  const application = await findApplication(db, row.application_id);
  const need = application ? await findNeed(db, application.needId) : undefined;
  if (!application || !need || !mayReadVolunteerDetailsByLink({ application, need })) return "gone";
  return { details: await detailsOfNeed(db, need) };
}
