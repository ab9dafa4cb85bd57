// The XML feed of missions that API Engagement (the French state's volunteering
// hub) imports from its partners: a <source> with the publisher, then one <mission>
// per need, with the fields of the hub's import (betagouv/api-engagement,
// api/src/jobs/import-missions/types.ts `MissionXML`; decision 0017).
import type { HubMission } from "../../src/domain/open-data/hub.ts";

export interface HubFeedInfo {
  /** The instance's name: the hub's publisher. */
  publisher: string;
  publisherUrl: string;
  built: string;
}

/** Characters XML 1.0 does not allow, even escaped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the ones to remove.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const text = (value: string) =>
  value.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

const element = (name: string, value: string | number | null | undefined): string =>
  value === null || value === undefined || value === "" ? "" : `<${name}>${text(String(value))}</${name}>`;

function mission(m: HubMission): string {
  const address = m.address
    ? [
        "<addresses><address>",
        element("city", m.address.city),
        m.address.latitude !== null && m.address.longitude !== null
          ? `<location>${element("lat", m.address.latitude)}${element("lon", m.address.longitude)}</location>`
          : "",
        "</address></addresses>",
      ].join("")
    : "";
  return [
    "<mission>",
    element("clientId", m.clientId),
    element("title", m.title),
    element("description", m.descriptionHtml),
    element("applicationUrl", m.applicationUrl),
    element("postedAt", m.postedAt),
    element("startAt", m.startAt),
    element("endAt", m.endAt),
    element("schedule", m.schedule),
    address,
    element("remote", m.remote),
    element("places", m.places),
    element("domain", m.domain),
    m.audience.length ? element("audience", m.audience.join(",")) : "",
    element("organizationName", m.organizationName),
    element("organizationClientId", m.organizationClientId),
    element("organizationUrl", m.organizationUrl),
    "</mission>",
  ].join("");
}

export function apiEngagementFeed(info: HubFeedInfo, missions: HubMission[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<source>",
    element("publisher", info.publisher),
    element("publisherurl", info.publisherUrl),
    element("lastBuildDate", new Date(info.built).toUTCString()),
    ...missions.map(mission),
    "</source>",
    "",
  ].join("\n");
}
