// The API of issue 15: a need's outcome form, pre-filled (GET /missions/{id}/outcome),
// its confirmation (POST /missions/{id}/outcomes), and the instance's evaluation
// (GET /evaluation), with the small counts hidden as on the page.
import { Hono } from "hono";
import { z } from "zod";
import { evaluate } from "../../domain/evaluation/dashboard.ts";
import type { Cell } from "../../domain/evaluation/publish.ts";
import { confirmOutcome, OutcomeConfirmation, outcomeDraft } from "../../domain/outcomes/outcomes.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../validate.ts";

/** A cell as JSON: the number, or null with why (`small`: under 5; `none`). */
const cellJson = (cell: Cell) => (cell.kind === "value" ? cell.value : null);
const cellsJson = (cells: Record<string, Cell>) => ({
  values: Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, cellJson(v)])),
  suppressed: Object.entries(cells)
    .filter(([, v]) => v.kind === "small")
    .map(([k]) => k),
});

export const outcomesApi = new Hono<AppEnv>()
  .get("/missions/:id/outcome", requireAccount, validate("query", z.object({ occurrence: z.string().max(40).optional() })), async (c) => {
    const draft = await outcomeDraft(c.var.deps.db.kysely, currentAccount(c), c.req.param("id"), c.req.valid("query").occurrence);
    return c.json({
      need: { id: draft.need.id, title: draft.need.title, status: draft.need.status },
      occurrence: draft.occurrence,
      participants: draft.participants.map((p) => ({ application_id: p.applicationId, name: p.name, remote: p.remote, came: p.came })),
      hours_per_volunteer: draft.hoursPerVolunteer,
      people_helped: draft.peopleHelped,
      worked: draft.worked,
      not_worked: draft.notWorked,
      testimony: draft.testimony,
      confirmed: draft.confirmed,
      occurrences: draft.occurrences,
    });
  })
  .post("/missions/:id/outcomes", requireAccount, validate("json", OutcomeConfirmation), async (c) => {
    const { db, events } = c.var.deps;
    const done = await confirmOutcome(db.kysely, events, currentAccount(c), c.req.param("id"), c.req.valid("json"));
    return c.json(
      {
        id: done.id,
        need_id: done.needId,
        occurrence: done.occurrence,
        volunteer_hours: done.volunteerHours,
        people_helped: done.peopleHelped,
        participants: done.participants,
        asked: done.asked.length,
        need_total: { volunteer_hours: done.total.volunteerHours, people_helped: done.total.peopleHelped },
      },
      201,
    );
  })
  .get("/evaluation", async (c) => {
    const evaluation = await evaluate(c.var.deps.db.kysely, { kind: "instance" });
    return c.json({
      total: cellsJson(evaluation.total),
      by_month: evaluation.byMonth.map((r) => ({ month: r.key, ...cellsJson(r.indicators) })),
      by_domain: evaluation.byDomain.map((r) => ({ domain: r.key, ...cellsJson(r.indicators) })),
    });
  });
