// Who will see a need, in plain words (the access policy's rule, said for people):
// on the coordinator's dashboard, under the need form's choice and in its preview.
import type { Visibility } from "../../src/domain/needs/model.ts";
import type { Translate } from "../i18n/index.ts";

export function VisibilityWords({ t, visibility, preview }: { t: Translate; visibility: Visibility; preview?: boolean }) {
  const who = t("visibility.who", { who: t(`visibility.${visibility}`) });
  if (!preview) return <p class="meta">{who}</p>;
  return <p class="hint">{visibility === "local" ? t("visibility.localPreview") : t("visibility.previewNote", { who })}</p>;
}

/** Under the form's choice: what the automatic one picks, in the same words. */
export function VisibilityHint({ t }: { t: Translate }) {
  return <p class="hint">{t("visibility.auto", { who: t("visibility.followers"), public: t("visibility.public") })}</p>;
}
