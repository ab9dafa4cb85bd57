// The English catalogue: typed against the French one, so a missing key fails type-checking.
import { enAccount } from "./en-account.ts";
import { enAdmin } from "./en-admin.ts";
import { enCoordination } from "./en-coordination.ts";
import { enErrors } from "./en-errors.ts";
import { enOutcomes } from "./en-outcomes.ts";
import { enPages } from "./en-pages.ts";
import type { MessageKey } from "./fr.ts";

export const en: Record<MessageKey, string> = {
  ...enErrors,
  ...enOutcomes,
  ...enPages,
  ...enAccount,
  ...enCoordination,
  ...enAdmin,
};
