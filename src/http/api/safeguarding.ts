// /api/v1/organizations/{handle}/safeguarding-checks and /api/v1/safeguarding-checks/{id}:
// a coordinator records that they met a volunteer of this instance (identity seen, the
// check the instance's frame requires), lists the organisation's checks, revokes one.
// Only the organisation's coordinators and the admins; never federated.
import { Hono } from "hono";
import { CheckInput, listChecks, recordCheck, revokeCheck, type SafeguardingCheck } from "../../domain/safeguarding/checks.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../validate.ts";

export function checkJson(check: SafeguardingCheck) {
  return {
    id: check.id,
    organization: check.organization.handle,
    volunteer: { username: check.volunteer.username, name: check.volunteer.name },
    checked_by: check.checkedBy,
    checked: check.checked,
    identity_seen: check.identitySeen,
    record_seen: check.recordSeen,
    note: check.note,
    expires: check.expires,
    revoked: check.revoked,
    revoked_by: check.revokedBy,
  };
}

export const organizationChecks = new Hono<AppEnv>()
  .get("/:handle/safeguarding-checks", requireAccount, async (c) => {
    const checks = await listChecks(c.var.deps.db.kysely, currentAccount(c), c.req.param("handle"));
    return c.json(checks.map(checkJson));
  })
  .post("/:handle/safeguarding-checks", requireAccount, validate("json", CheckInput), async (c) => {
    const check = await recordCheck(c.var.deps.db.kysely, currentAccount(c), c.req.param("handle"), c.req.valid("json"));
    return c.json(checkJson(check), 201);
  });

export const safeguardingChecks = new Hono<AppEnv>().delete("/:id", requireAccount, async (c) => {
  const check = await revokeCheck(c.var.deps.db.kysely, currentAccount(c), c.req.param("id"));
  return c.json(checkJson(check));
});
