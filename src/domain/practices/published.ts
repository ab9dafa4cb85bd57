// What is published of a sheet written here: its texts rendered (Markdown to
// sanitised HTML, as need descriptions are), its indicators computed now, the
// needs other towns may copy, and where it was tried. The page, the API and the
// Article are all made from this, and nothing else of the needs reaches them.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { renderMarkdown } from "../text/markdown.ts";
import { practiceIndicators } from "./indicators.ts";
import type { Indicators, NeedTemplate, Practice, TryReport } from "./model.ts";
import { findPractice } from "./practices.ts";
import { templatesOf, triesOfPractice } from "./tries.ts";

export interface PublishedPractice {
  practice: Practice;
  html: { context: string; actions: string; motivation: string; watchOut: string };
  indicators: Indicators;
  templates: NeedTemplate[];
  tries: TryReport[];
}

/** `town`: this instance's name, said of the tries made by its own organisations. */
export async function publishedPractice(db: Kysely<Database>, id: string, town: string): Promise<PublishedPractice | undefined> {
  const practice = await findPractice(db, id);
  if (!practice) return undefined;
  return {
    practice,
    html: {
      context: renderMarkdown(practice.context),
      actions: renderMarkdown(practice.actions),
      motivation: renderMarkdown(practice.motivation),
      watchOut: renderMarkdown(practice.watchOut),
    },
    indicators: await practiceIndicators(db, id),
    templates: await templatesOf(db, id),
    tries: await triesOfPractice(db, id, town),
  };
}
