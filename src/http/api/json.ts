// How needs and applications look in the API (snake_case, like Mastodon's).
// Everyone gets the public view; coordinators also get the private fields.
import type { Application } from "../../domain/needs/applications.ts";
import type { Outgoing } from "../../domain/needs/outgoing.ts";
import { pictureJson } from "./pictures.ts";
import { type Need, type PublishedNeed, toPublishedNeed } from "../../domain/needs/model.ts";
import type { NeedTeaser } from "../../domain/needs/teaser.ts";
import { needWords } from "../web/need-words.ts";
import type { SafeguardingState } from "../../domain/safeguarding/checks.ts";
import type { VolunteerDetails } from "../../domain/volunteer-details/details.ts";

export function needUrl(origin: URL, id: string): string {
  return new URL(`/needs/${id}`, origin).href;
}

export function publishedNeedJson(need: PublishedNeed, origin: URL, extra: { distance_km?: number } = {}) {
  const url = needUrl(origin, need.id);
  return {
    id: need.id,
    uri: url,
    url,
    organization: {
      handle: need.organization.handle,
      name: need.organization.name,
      uri: new URL(`/actors/${need.organization.handle}`, origin).href,
    },
    title: need.title,
    description_html: need.descriptionHtml,
    domains: need.domains,
    skills: need.skills,
    audience: need.audience,
    language: need.language,
    place: {
      label: need.place.label,
      mode: need.place.mode,
      latitude: need.place.latitude,
      longitude: need.place.longitude,
      radius_km: need.place.radiusKm,
    },
    schedule: scheduleJson(need.schedule),
    volunteers_wanted: need.volunteersWanted,
    places_left: need.placesLeft,
    deadline: need.deadline,
    status: need.status,
    ...needStatusJson(need),
    visibility: need.visibility,
    safeguarding: need.safeguarding,
    outcome: need.outcome && {
      volunteer_hours: need.outcome.volunteerHours,
      people_helped: need.outcome.peopleHelped,
      testimony: need.outcome.testimony,
    },
    published: need.published,
    updated: need.updated,
    image: pictureJson(need.image, origin),
    // In whole kilometres from the published point: finer would say more than the place does.
    ...(extra.distance_km === undefined ? {} : { distance_km: Math.round(extra.distance_km) }),
  };
}

/**
 * A followers-only or local need asked for without a token (the access policy's teaser):
 * what kind of need it is and whose, `teaser: true`, and nothing of what it says.
 */
export function needTeaserJson(teaser: NeedTeaser, origin: URL) {
  const url = needUrl(origin, teaser.id);
  return {
    id: teaser.id,
    url,
    teaser: true as const,
    organization: {
      handle: teaser.organization.handle,
      name: teaser.organization.name,
      uri: new URL(`/actors/${teaser.organization.handle}`, origin).href,
    },
    domains: teaser.domains,
    place: { label: teaser.place.label, mode: teaser.place.mode },
    schedule: scheduleJson(teaser.schedule),
    status: teaser.status,
    visibility: teaser.visibility,
  };
}

/**
 * The count of volunteers and whether the need takes more, in the words of its page and its
 * Note (web/i18n/need-words.ts), in the need's own language, as its title and description.
 */
function needStatusJson(need: PublishedNeed) {
  const words = needWords(need, need.language === "en" ? "en" : "fr");
  return {
    volunteers_text: words.count,
    takes_volunteers: words.reason === null,
    closed_reason: words.reason,
    closed_text: words.closed,
  };
}

function scheduleJson(schedule: Need["schedule"]) {
  if (schedule.kind === "recurring") {
    return { kind: "recurring", rrule: schedule.rrule, start: schedule.start, duration_minutes: schedule.durationMinutes, exdates: schedule.exdates ?? [] };
  }
  return schedule;
}

/** The coordinators' view: the public one plus the private fields. */
export function coordinatorNeedJson(need: Need, origin: URL) {
  const base = publishedNeedJson(toPublishedNeed(need), origin);
  return {
    ...base,
    description: need.description,
    place: {
      ...base.place,
      address: need.place.address,
      latitude: need.place.latitude,
      longitude: need.place.longitude,
    },
    volunteers_accepted: need.volunteersAccepted,
    private_notes: need.privateNotes,
    beneficiary: need.beneficiary,
    beneficiary_consent: need.beneficiaryConsent,
    contact: need.contact,
    practical_details: need.practicalDetails,
    created: need.created,
  };
}

/** An accepted volunteer's details (the access policy decided who gets them). */
export function volunteerDetailsJson(details: VolunteerDetails) {
  return { address: details.address, contact: details.contact, practical_details: details.practicalDetails };
}

/**
 * An application; for its need's coordinators, on a safeguarded need, how the applicant
 * stands (`safeguarding`: checked, check_required, remote, minor: src/domain/safeguarding/).
 */
export function applicationJson(application: Application, origin: URL, safeguarding?: SafeguardingState) {
  const applicant =
    application.applicant.kind === "account"
      ? {
          kind: "account",
          username: application.applicant.username,
          name: application.applicant.name,
          url: new URL(`/@${application.applicant.username}`, origin).href,
        }
      : {
          kind: "remote",
          uri: application.applicant.uri,
          handle: application.applicant.handle,
          name: application.applicant.name,
          url: application.applicant.url,
        };
  return {
    id: application.id,
    mission_id: application.needId,
    applicant,
    message: application.message,
    quantity: application.quantity,
    status: application.status,
    reason: application.reason,
    source: application.source,
    public: application.public,
    share_email: application.shareEmail,
    ...(safeguarding ? { safeguarding } : {}),
    created: application.created,
    updated: application.updated,
  };
}

/** A citizen's application to a need on another server (`remote: true`), as /me/applications lists it. */
export function outgoingJson(o: Outgoing) {
  return {
    id: o.id,
    mission_id: o.remote_need_id,
    mission_uri: o.need_uri,
    title: o.title,
    message: o.message,
    status: o.status,
    reason: o.reason,
    remote: true,
    created: o.created,
    updated: o.updated,
  };
}
