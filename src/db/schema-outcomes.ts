// The tables of issue 15: what done needs achieved, the volunteers' one question, and
// the attestations of volunteering (migrations/20261203110000_outcomes_and_attestations.ts).
import type { Generated } from "kysely";

/** One need's outcome, or one occurrence's (`occurrence`: its start, ISO; '' for the whole need). */
export interface OutcomesTable {
  id: string;
  need_id: string;
  occurrence: Generated<string>;
  volunteer_hours: number;
  people_helped: number;
  /** What worked, what did not: the coordinators' words, never naming the person helped. */
  worked: Generated<string>;
  not_worked: Generated<string>;
  confirmed: string;
}

/** A volunteer who took part (by their accepted application) and the hours they gave. */
export interface OutcomeParticipantsTable {
  outcome_id: string;
  application_id: string;
  hours: number;
}

/** Whether the volunteer of an application was asked the one question, and answered (never what). */
export interface SurveysTable {
  application_id: string;
  need_id: string;
  asked: string;
  answered: Generated<number>;
  /** The direct message sent to a remote volunteer. */
  note_uri: string | null;
}

/** An answer, with nothing of who gave it: a random id, the need, the month. */
export interface SurveyAnswersTable {
  id: string;
  need_id: string;
  organization_id: string;
  month: string;
  rating: number;
  comment: Generated<string>;
}

/** An attestation of volunteering; `revoked` once its volunteer's account is erased. */
export interface AttestationsTable {
  /** Random, 128 bits, base64url: the verification link's address. */
  id: string;
  user_id: string | null;
  organization_id: string;
  volunteer_name: string;
  issued: string;
  /** JSON: AttestedMission[] (src/domain/outcomes/attestations.ts). */
  missions: string;
  hours: number;
  revoked: string | null;
}
