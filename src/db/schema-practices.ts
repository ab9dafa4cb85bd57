// The tables of good-practice sheets (issue 15): the sheets written here and the
// needs they were written from, the sheets received from other servers, and the
// tries of a sheet by another organisation (made here, or received).

/** A sheet written by one of our organisations. Texts in Markdown. */
export interface PracticesTable {
  id: string;
  organization_id: string;
  title: string;
  /** One or two sentences: the Article's `summary`, what Mastodon shows with the link. */
  summary: string;
  context: string;
  /** What was done: the organisation (roles, rota, training). */
  actions: string;
  /** What motivated the volunteers. */
  motivation: string;
  watch_out: string;
  /** The contact the coordinators publish (the organisation's, never a beneficiary's). */
  contact: string;
  /** JSON array of domain slugs: those of the linked needs. */
  domains: string;
  language: string;
  /** public (federated) or local (this instance only). */
  visibility: string;
  /** Lower-case, accents folded: what `?q=` matches, the same way on SQLite and PostgreSQL. */
  search_text: string;
  /** A digest of the Article last sent: an Update goes out only when it changed. */
  sent_digest: string | null;
  created: string;
  updated: string;
}

export interface PracticeNeedsTable {
  practice_id: string;
  need_id: string;
}

/** A sheet received from another server (its author, a remote actor, stays its owner). */
export interface RemotePracticesTable {
  id: string;
  uri: string;
  actor_id: string;
  url: string | null;
  title: string;
  summary: string;
  /** Sanitised HTML. */
  content_html: string;
  domains: string;
  language: string | null;
  /** JSON `Indicators` as its author computed them. */
  indicators: string;
  /** JSON `NeedTemplate[]`: what "try it too" copies into drafts. */
  templates: string;
  /** JSON `TryReport[]`: where it was tried, as its author reports it. */
  tries: string;
  search_text: string;
  published: string | null;
  updated: string;
}

/** A sheet (ours or another server's) tried by one of our organisations. */
export interface PracticeTriesTable {
  id: string;
  organization_id: string;
  practice_id: string | null;
  remote_practice_id: string | null;
  /** The sheet's id (our Article's, or the remote one's): kept if the copy is forgotten. */
  practice_uri: string;
  practice_title: string;
  sent_digest: string | null;
  created: string;
  updated: string;
}

export interface PracticeTryNeedsTable {
  try_id: string;
  need_id: string;
}

/** One of our sheets tried by an organisation of another server, as it told us. */
export interface PracticeTriesReceivedTable {
  id: string;
  /** Its Note's id on the trying server. */
  uri: string;
  practice_id: string;
  actor_id: string;
  town: string;
  organization_name: string;
  needs_count: number;
  /** JSON `Indicators` once some of its needs are done; null before. */
  indicators: string | null;
  created: string;
  updated: string;
}
