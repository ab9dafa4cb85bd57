// The safeguarding checks (issue 14): a coordinator met a volunteer of this
// instance and saw their identity and the check the instance's frame requires.
// Never federated; read only by the organisation's coordinators and the admins,
// and by the volunteer in their export (src/domain/safeguarding/).

export interface SafeguardingChecksTable {
  id: string;
  organization_id: string;
  user_id: string;
  /** The coordinator who met the volunteer; null once that account is erased. */
  checked_by: string | null;
  checked: string;
  /** 1: an identity document was seen. */
  identity_seen: number;
  /** 1: the check the instance's frame requires was seen (the contrôle d'honorabilité). */
  record_seen: number;
  note: string;
  /** The day (ISO date) after which the check no longer counts; null: none. */
  expires: string | null;
  revoked: string | null;
  revoked_by: string | null;
}
