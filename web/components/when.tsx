// A date shown to people in their language, the machine's date kept in <time datetime>.
import { formatDay, formatMoment } from "../i18n/format.ts";
import type { Lang } from "../i18n/index.ts";

/** `iso` as a day ("2 décembre 2026"), or with its time when `time` is set. */
export function When(props: { lang: Lang; iso: string; time?: boolean }) {
  return <time datetime={props.iso}>{props.time ? formatMoment(props.lang, props.iso) : formatDay(props.lang, props.iso)}</time>;
}
