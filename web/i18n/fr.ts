// The French catalogue: the reference. Every other language must have every key
// (en.ts is typed against this one, so a missing key fails type-checking).
import { frAccount } from "./fr-account.ts";
import { frAdmin } from "./fr-admin.ts";
import { frCoordination } from "./fr-coordination.ts";
import { frErrors } from "./fr-errors.ts";
import { frOutcomes } from "./fr-outcomes.ts";
import { frPages } from "./fr-pages.ts";

export const fr = {
  ...frErrors,
  ...frOutcomes,
  ...frPages,
  ...frAccount,
  ...frCoordination,
  ...frAdmin,
} as const;

export type MessageKey = keyof typeof fr;
