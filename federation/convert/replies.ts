// What an organisation says back to a volunteer over the fediverse. No
// personal data: these may be read by others (public acknowledgements) or
// forwarded.

const REASONS: Record<string, { fr: string; en: string }> = {
  no_longer_needed: { fr: "la mission n'est plus nécessaire", en: "the mission is no longer needed" },
  profile_mismatch: { fr: "votre profil ne correspond pas à cette mission", en: "your profile does not match this mission" },
  mission_finished: { fr: "la mission est terminée", en: "the mission is finished" },
  other: { fr: "d'autres raisons", en: "other reasons" },
};

export function decisionText(accepted: boolean, reason: string | null, language: string): string {
  const en = language === "en";
  if (accepted) {
    return en
      ? "Thank you! Your offer to help has been accepted. A coordinator will write to you with the details."
      : "Merci ! Votre proposition d'aide est acceptée. Un coordinateur vous écrira pour les détails.";
  }
  const why = REASONS[reason ?? "other"] ?? REASONS.other!;
  return en
    ? `Thank you for your offer to help. We cannot take it this time: ${why.en}.`
    : `Merci pour votre proposition d'aide. Nous ne pouvons pas la retenir cette fois : ${why.fr}.`;
}

export function publicAcknowledgement(orgAddress: string): string {
  return `Merci ! Nous vous écrivons en privé. Pour la suite, suivez ${orgAddress} ou répondez-nous en message privé.`;
}
