// A good-practice sheet: what an organisation learnt from one or several of its
// done needs, written for other towns. Its results are never typed: they are
// the indicators of the linked needs (indicators.ts), computed when read.
import { z } from "zod";
import { isDomainSlug } from "../vocabulary/domains.ts";

export type PracticeVisibility = "public" | "local";

/** What a sheet's needs achieved, added up. `peopleHelped` is null when 1 to 4: too few not to point at someone. */
export interface Indicators {
  needs: number;
  needsDone: number;
  volunteersWanted: number;
  volunteersAccepted: number;
  /** Volunteers accepted ÷ wanted, two decimals; null when nothing was wanted. */
  fillRate: number | null;
  volunteerHours: number;
  peopleHelped: number | null;
}

/** What "try it too" copies from one of a sheet's needs into a draft: never a private field. */
export interface NeedTemplate {
  title: string;
  /** Markdown, as published on the need's page. */
  description: string;
  domains: string[];
  scheduleKind: "date" | "range" | "recurring" | "flexible";
  volunteersWanted: number;
}

/** Where a sheet was tried: an organisation, its town, when, and once its needs are done, with what results. */
export interface TryReport {
  organization: string;
  town: string;
  /** ISO date-time. */
  date: string;
  needs: number;
  indicators: Indicators | null;
}

export interface Practice {
  id: string;
  organization: { id: string; handle: string; name: string };
  title: string;
  summary: string;
  /** Markdown texts. */
  context: string;
  actions: string;
  motivation: string;
  watchOut: string;
  contact: string;
  domains: string[];
  language: string;
  visibility: PracticeVisibility;
  needIds: string[];
  created: string;
  updated: string;
}

/** A sheet received from another server. */
export interface RemotePractice {
  id: string;
  uri: string;
  url: string | null;
  author: { id: string; uri: string; handle: string | null; name: string };
  title: string;
  summary: string;
  contentHtml: string;
  domains: string[];
  language: string | null;
  indicators: Indicators;
  templates: NeedTemplate[];
  tries: TryReport[];
  published: string | null;
  updated: string;
}

const text = (max: number) => z.string().trim().max(max);
const Domains = z.array(z.string().refine(isDomainSlug, { error: "unknown domain (see /domains)" })).max(10);

export const PracticeCreate = z.object({
  organization: z.string().min(1).max(100),
  title: text(200).min(1),
  summary: text(500).default(""),
  context: text(20_000).default(""),
  actions: text(20_000).default(""),
  motivation: text(20_000).default(""),
  watch_out: text(20_000).default(""),
  contact: text(500).default(""),
  /** The done needs of the organisation the sheet was written from. */
  needs: z.array(z.string().min(1).max(100)).min(1).max(50),
  /** Empty: the linked needs' domains. */
  domains: Domains.optional(),
  language: z.enum(["fr", "en"]).default("fr"),
  visibility: z.enum(["public", "local"]).default("public"),
});
export type PracticeCreate = z.infer<typeof PracticeCreate>;

export const PracticePatch = PracticeCreate.omit({ organization: true }).partial().extend({
  summary: text(500).optional(),
  context: text(20_000).optional(),
  actions: text(20_000).optional(),
  motivation: text(20_000).optional(),
  watch_out: text(20_000).optional(),
  contact: text(500).optional(),
  language: z.enum(["fr", "en"]).optional(),
  visibility: z.enum(["public", "local"]).optional(),
});
export type PracticePatch = z.infer<typeof PracticePatch>;

/** Lower case, accents folded: what a word search compares, the same in SQLite and PostgreSQL. */
export function foldText(value: string): string {
  return value.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** The words of a query as `foldText` writes them: letters and digits only, so nothing reaches SQL patterns. */
export function queryWords(q: string): string[] {
  return foldText(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length >= 2)
    .slice(0, 8);
}
