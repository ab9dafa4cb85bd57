// Web pages: handlers in src/http/web/ (one file per audience), views in web/
// (views never query the database). Feeds and calendars are mounted first:
// their paths are more specific than the pages'.
import { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { accountPages } from "./web/account.tsx";
import { consentPages, termsGate } from "./web/consent.tsx";
import { adminPages } from "./web/admin.tsx";
import { alertPages } from "./web/alerts.tsx";
import { citizenPages } from "./web/citizen.tsx";
import { federationPages } from "./web/admin-federation.tsx";
import { settingsPages } from "./web/admin-settings.tsx";
import { moderationPages } from "./web/admin-moderation.tsx";
import { coordinatorPages } from "./web/coordinate.tsx";
import { myDataPages } from "./web/my-data.tsx";
import { coordinatorActionPages } from "./web/coordinate-actions.tsx";
import { organizationSettingsPages } from "./web/organization-settings.tsx";
import { safeguardingPages } from "./web/safeguarding.tsx";
import { organizationProfilePages } from "./web/organization-profile.tsx";
import { picturePages } from "./web/pictures.tsx";
import { volunteerLinkPages } from "./web/volunteer-link.tsx";
import { myOfferPages } from "./web/my-offers.tsx";
import { openDataPages } from "./web/open-data.tsx";
import { calendarPages } from "./web/calendar.tsx";
import { evaluationPages } from "./web/evaluation.tsx";
import { outcomePages } from "./web/outcomes.tsx";
import { practicePages } from "./web/practices.tsx";
import { feeds } from "./web/feeds.ts";
import { followPages } from "./web/follows.tsx";
import { notificationPages } from "./web/notifications.tsx";
import { publicPages } from "./web/public.tsx";

export const pages = new Hono<AppEnv>()
  .use(termsGate)
  .route("/", feeds)
  .route("/", calendarPages)
  .route("/", openDataPages)
  .route("/", evaluationPages)
  .route("/", outcomePages)
  .route("/", practicePages)
  .route("/", consentPages)
  .route("/", accountPages)
  .route("/", citizenPages)
  .route("/", myOfferPages)
  .route("/", myDataPages)
  .route("/", alertPages)
  .route("/", followPages)
  .route("/", notificationPages)
  .route("/", coordinatorPages)
  .route("/", coordinatorActionPages)
  .route("/", organizationSettingsPages)
  .route("/", safeguardingPages)
  .route("/", organizationProfilePages)
  .route("/", picturePages)
  .route("/", volunteerLinkPages)
  .route("/", adminPages)
  .route("/", settingsPages)
  .route("/", moderationPages)
  .route("/", federationPages)
  .route("/", publicPages);
