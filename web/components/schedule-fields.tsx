// "Quand ?" in the need form: four choices, then only the chosen one's fields.
// Without JavaScript, the server shows the chosen kind's fields after "Continuer"
// (the others are `hidden`); with it, the served script shows them at once and
// hides the button (web/assets.ts). Every week writes its RRULE on the server
// (src/http/web/schedule-form.ts).
import type { NeedFormValues } from "../pages/need-form.tsx";
import { FieldError, type FieldErrors, describedBy } from "../components.tsx";
import type { Lang, MessageKey, Translate } from "../i18n/index.ts";

const KINDS: [string, MessageKey][] = [
  ["date", "form.when.date"],
  ["range", "form.when.range"],
  ["recurring", "form.when.recurring"],
  ["flexible", "form.when.flexible"],
];
const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

/** Monday 2026-12-07 and the six days after it, named in the page's language. */
const dayName = (lang: Lang, i: number) =>
  new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2026, 11, 7 + i)));

type TextName = "start" | "end" | "range_start" | "range_end" | "weekly_from" | "weekly_time" | "weekly_until" | "duration_minutes" | "rrule";

export function ScheduleFields(props: { t: Translate; lang: Lang; values: NeedFormValues; errors?: FieldErrors }) {
  const { t, lang, values: v, errors } = props;
  const text = (name: TextName, label: MessageKey, type: string, extra: Record<string, string | boolean> = {}) => (
    <>
      <label for={name}>{t(label)}</label>
      <input id={name} name={name} type={type} value={v[name]} {...extra} {...describedBy(errors, name)} />
      <FieldError errors={errors} name={name} />
    </>
  );
  const fields = (kind: string, children: unknown) => (
    <div data-schedule-fields={kind} hidden={v.schedule_kind !== kind}>
      {children}
    </div>
  );
  return (
    <>
      <fieldset {...describedBy(errors, "schedule_kind")}>
        <legend>{t("form.when")}</legend>
        {KINDS.map(([value, key]) => (
          <label>
            <input type="radio" name="schedule_kind" value={value} checked={v.schedule_kind === value} /> {t(key)}
          </label>
        ))}
        <button type="submit" name="action" value="schedule" class="secondary" data-schedule-continue formnovalidate>
          {t("form.when.continue")}
        </button>
      </fieldset>
      <FieldError errors={errors} name="schedule_kind" />
      {fields(
        "date",
        <>
          {text("start", "form.start", "datetime-local")}
          {text("end", "form.end", "datetime-local")}
        </>,
      )}
      {fields(
        "range",
        <>
          {text("range_start", "form.rangeStart", "date")}
          {text("range_end", "form.rangeEnd", "date")}
        </>,
      )}
      {fields(
        "recurring",
        <>
          <fieldset class="days" {...describedBy(errors, "weekdays")}>
            <legend>{t("form.weekdays")}</legend>
            {WEEKDAYS.map((day, i) => (
              <label>
                <input type="checkbox" name="weekdays" value={day} checked={v.weekdays.includes(day)} /> {dayName(lang, i)}
              </label>
            ))}
          </fieldset>
          <FieldError errors={errors} name="weekdays" />
          {text("weekly_time", "form.weeklyTime", "time")}
          {text("duration_minutes", "form.duration", "number", { min: "5", max: "1440" })}
          {text("weekly_from", "form.weeklyFrom", "date")}
          {text("weekly_until", "form.weeklyUntil", "date")}
          {v.rrule ? (
            <>
              {text("rrule", "form.rrule", "text", { "aria-describedby": "rrule-hint" })}
              <p class="hint" id="rrule-hint">
                {t("form.rruleHint")}
              </p>
            </>
          ) : null}
        </>,
      )}
      {fields("flexible", <p class="hint">{t("form.when.flexibleHint")}</p>)}
    </>
  );
}
