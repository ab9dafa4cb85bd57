// The calendar of open needs (/calendar, /@handle/calendar): a month or a week, as a
// table with a column per weekday on wide screens and a list by day on narrow ones
// (the stylesheet shows one of the two), each slot linking to its need. Navigation
// by plain links: no script.
import type { DomainTerm } from "../../src/domain/vocabulary/domains.ts";
import type { Lang, Translate } from "../i18n/index.ts";
import { FieldError, type FieldErrors, describedBy } from "../components.tsx";
import { Layout, type PageProps } from "../layout.tsx";

export interface CalendarItem {
  needId: string;
  title: string;
  organization: string;
  place: string;
  /** "14:00–15:30", or empty for a slot of a whole day. */
  time: string;
  /** The instant it starts (ISO), for <time>; empty for a range. */
  start: string;
}

export interface CalendarFilters {
  domain: string;
  place: string;
  radius: string;
  atDistance: boolean;
}

export interface CalendarProps extends PageProps {
  view: "month" | "week";
  /** The month's or the week's first day (ISO date). */
  start: string;
  /** "décembre 2026", "semaine du 7 décembre 2026". */
  heading: string;
  /** Every day of the period (ISO dates) and its slots. */
  days: { day: string; items: CalendarItem[] }[];
  /** Needs to do any day between two dates, that meet the period. */
  ranges: (CalendarItem & { between: string })[];
  /** Addresses of the previous and next period and of the other view, filters kept. */
  links: { previous?: string; next: string; month: string; week: string; today: string };
  /** Where the form sends (the instance's calendar or an organisation's). */
  action: string;
  filters: CalendarFilters;
  domains: readonly DomainTerm[];
  errors?: FieldErrors;
  truncated: boolean;
  /** The organisation whose calendar this is: its name and its .ics address. */
  organization?: { name: string; handle: string };
  ics: string;
  today: string;
}

const weekdays = (lang: Lang) => {
  const long = new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" });
  const short = new Intl.DateTimeFormat(lang, { weekday: "short", timeZone: "UTC" });
  // 2026-12-07 is a Monday.
  return [0, 1, 2, 3, 4, 5, 6].map((i) => {
    const d = new Date(Date.UTC(2026, 11, 7 + i));
    return { long: long.format(d), short: short.format(d) };
  });
};

const dayLabel = (lang: Lang, day: string) =>
  new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));

function Slot({ item, t, short }: { item: CalendarItem; t: Translate; short?: boolean }) {
  return (
    <li>
      <a href={`/needs/${item.needId}`}>
        {item.time ? (
          <>
            <time datetime={item.start}>{item.time}</time>{" "}
          </>
        ) : null}
        {item.title}
      </a>
      <span class="meta"> · {short ? item.place : t("calendar.slotMeta", { organization: item.organization, place: item.place })}</span>
    </li>
  );
}

export function CalendarPage(props: CalendarProps) {
  const { t, lang, days, links, filters, errors } = props;
  const names = weekdays(lang);
  // The rows of the grid: weeks from Monday, the days before the 1st left empty.
  const lead = (new Date(`${props.start}T12:00:00Z`).getUTCDay() + 6) % 7;
  const cells: ({ day: string; items: CalendarItem[] } | null)[] = [...Array(lead).fill(null), ...days];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const busy = days.filter((d) => d.items.length > 0);
  const title = props.organization ? t("calendar.orgTitle", { name: props.organization.name }) : t("calendar.title");
  return (
    <Layout {...props} title={`${title} · ${props.heading}`}>
      <h1>{title}</h1>
      <p>
        {props.organization ? (
          <>
            <a href={`/@${props.organization.handle}`}>{t("calendar.backToOrg", { name: props.organization.name })}</a> ·{" "}
          </>
        ) : null}
        <a href={props.ics}>{t("calendar.ics")}</a>
      </p>
      <details class="calendar-filters" open={Boolean(filters.domain || filters.place || filters.atDistance || errors?.place)}>
        <summary>{t("calendar.filters")}</summary>
      <form method="get" action={props.action}>
        <input type="hidden" name="view" value={props.view} />
        <input type="hidden" name="date" value={props.start} />
        <label for="domain">{t("search.domain")}</label>
        <select id="domain" name="domain">
          <option value="">{t("search.anyDomain")}</option>
          {props.domains.map((d) => (
            <option value={d.slug} selected={d.slug === filters.domain}>
              {d.label[lang]}
            </option>
          ))}
        </select>
        <label for="place">{t("search.place")}</label>
        <input id="place" name="place" type="text" value={filters.place} {...describedBy(errors, "place")} />
        <FieldError errors={errors} name="place" />
        <label for="radius">{t("search.radius")}</label>
        <input id="radius" name="radius" type="number" min="1" max="500" value={filters.radius} />
        <p>
          <input id="distance" name="distance" type="checkbox" value="1" checked={filters.atDistance} />{" "}
          <label for="distance" class="inline">
            {t("search.atDistance")}
          </label>
        </p>
        <button type="submit">{t("calendar.filter")}</button>
      </form>
      </details>
      <nav aria-label={t("calendar.navigation")} class="calendar-nav">
        <ul class="subnav">
          <li>
            <a href={links.month} aria-current={props.view === "month" ? "page" : undefined}>
              {t("calendar.month")}
            </a>
          </li>
          <li>
            <a href={links.week} aria-current={props.view === "week" ? "page" : undefined}>
              {t("calendar.week")}
            </a>
          </li>
        </ul>
        <ul class="subnav">
          {links.previous ? (
            <li>
              <a href={links.previous} rel="prev">
                {props.view === "month" ? t("calendar.previousMonth") : t("calendar.previousWeek")}
              </a>
            </li>
          ) : null}
          <li>
            <a href={links.today}>{props.view === "month" ? t("calendar.thisMonth") : t("calendar.thisWeek")}</a>
          </li>
          <li>
            <a href={links.next} rel="next">
              {props.view === "month" ? t("calendar.nextMonth") : t("calendar.nextWeek")}
            </a>
          </li>
        </ul>
      </nav>
      <h2 id="period">{props.heading}</h2>
      {props.truncated ? <p class="notice">{t("calendar.truncated")}</p> : null}
      {props.ranges.length ? (
        <section aria-labelledby="ranges">
          <h3 id="ranges">{t("calendar.ranges")}</h3>
          <ul>
            {props.ranges.map((r) => (
              <li>
                <a href={`/needs/${r.needId}`}>{r.title}</a>
                <span class="meta">
                  {" "}
                  · {r.between} · {t("calendar.slotMeta", { organization: r.organization, place: r.place })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {busy.length === 0 ? <p>{props.view === "month" ? t("calendar.emptyMonth") : t("calendar.emptyWeek")}</p> : null}
      <div class="calendar-grid table-scroll">
        <table>
          <caption class="visually-hidden">{props.heading}</caption>
          <thead>
            <tr>
              {names.map((n) => (
                <th scope="col">
                  <abbr title={n.long}>{n.short}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr>
                {week.map((cell) =>
                  cell ? (
                    <td aria-current={cell.day === props.today ? "date" : undefined}>
                      <span class="day-number" aria-hidden="true">
                        {Number(cell.day.slice(8))}
                      </span>
                      <span class="visually-hidden">{dayLabel(lang, cell.day)}</span>
                      {cell.items.length ? (
                        <ul>
                          {cell.items.map((item) => (
                            <Slot item={item} t={t} short />
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  ) : (
                    <td />
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ol class="calendar-list">
        {busy.map((d) => (
          <li>
            <h3>
              <time datetime={d.day}>{dayLabel(lang, d.day)}</time>
            </h3>
            <ul>
              {d.items.map((item) => (
                <Slot item={item} t={t} />
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </Layout>
  );
}
