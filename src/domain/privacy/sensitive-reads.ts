// Who read what about a person helped: each time a coordinator or an administrator
// is shown a need's beneficiary details or private notes (its page in the
// coordinators' form, the API, an export), the audit log records who, when and
// which need, through what. Administrators read that log at /admin/moderation.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Account } from "../accounts/users.ts";
import { audit } from "../moderation/moderation.ts";
import type { Need } from "../needs/model.ts";

export type SensitiveReadVia = "form" | "api" | "export";

/** Whether the need holds anything about a person helped that a read must leave a trace of. */
export function holdsSensitive(need: Pick<Need, "beneficiary" | "privateNotes">): boolean {
  return need.beneficiary.trim() !== "" || need.privateNotes.trim() !== "";
}

/** Records that `reader` was shown the sensitive fields of these needs (those that hold some). */
export async function recordSensitiveRead(
  db: Kysely<Database>,
  reader: Account,
  needs: Pick<Need, "id" | "beneficiary" | "privateNotes">[],
  via: SensitiveReadVia,
): Promise<number> {
  const read = needs.filter(holdsSensitive);
  for (const need of read) await audit(db, reader, "need.sensitive_read", need.id, { via });
  return read.length;
}
