// write: needs created per second through POST /api/v1/missions (validation, the
// transaction, the search index, the event recorded for federation); baseline:
// single-row inserts into the needs table of a scratch database, one per transaction.
// The activities (signed, then delivered to the organisation's followers) are built
// after the answer: the row also says when that work caught up with the creates.
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { newId } from "../../src/domain/ids.ts";
import type { Bench } from "../lib/context.ts";
import { load } from "../lib/load.ts";
import { settle, tempDir } from "../lib/processes.ts";
import { ratio } from "../lib/stats.ts";
import { ms, num, type Row } from "../lib/table.ts";

const CONNECTIONS = 8;

async function insertRate(count: number): Promise<number> {
  const db = openDatabase(`sqlite:${join(tempDir(), "scratch.sqlite")}`);
  try {
    await migrateToLatest(db);
    const sqlite = db.sqlite!;
    const orgId = newId();
    const created = new Date().toISOString();
    sqlite
      .prepare("insert into actors (id, type, handle, name, summary, created, updated) values (?, 'Group', 'scratch', 'Scratch', '', ?, ?)")
      .run(orgId, created, created);
    sqlite.prepare("insert into organizations (id, created) values (?, ?)").run(orgId, created);
    const insert = sqlite.prepare(
      `insert into needs (id, organization_id, title, description, description_html, domains, skills, audience, language,
        place_label, place_mode, latitude, longitude, radius_km, schedule, starts, ends, volunteers_wanted, status, visibility,
        created, updated, published)
       values (?, ?, ?, ?, ?, '["sport"]', '[]', '[]', 'fr', 'Gerland', 'on_site', 45.7, 4.8, 2, '{"kind":"date","start":"2027-01-01T09:00:00.000Z"}',
        '2027-01-01T09:00:00.000Z', '2027-01-01T09:00:00.000Z', 2, 'open', 'public', ?, ?, ?)`,
    );
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      insert.run(newId(), orgId, `Tenir la buvette ${i}`, "Accueillir les visiteurs.", "<p>Accueillir les visiteurs.</p>", created, created, created);
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    await db.close();
  }
}

/** Waits until no event waits to be federated and the delivery queue is empty; returns when (performance.now()). */
async function caughtUp(dbFile: string, timeoutMs: number): Promise<number | null> {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  try {
    const outbox = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'event_outbox'").get();
    const pending = db.prepare(
      outbox ? "select (select count(*) from event_outbox) + (select count(*) from queue_messages) as n" : "select count(*) as n from queue_messages",
    );
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if ((pending.get() as { n: number }).n === 0) return performance.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  } finally {
    db.close();
  }
}

export async function writeRows(bench: Bench): Promise<Row[]> {
  const amount = bench.quick ? 1000 : 10_000;
  await settle(bench.server.url);
  bench.log(`write: ${amount} creates through the API, then raw inserts`);
  const measured = await load({
    url: `${bench.server.url}/api/v1/missions`,
    connections: CONNECTIONS,
    amount,
    method: "POST",
    headers: { Authorization: `Bearer ${bench.seeded.token}`, "Content-Type": "application/json" },
    body: (i) =>
      JSON.stringify({
        organization: "writes",
        title: `Tenir la buvette du tournoi ${i}`,
        description: "Accueillir les visiteurs et **servir** des boissons.",
        domains: ["sport"],
        place: { label: "Gerland", latitude: 45.73, longitude: 4.83 },
        schedule: { kind: "date", start: "2027-06-20T14:00:00+02:00" },
        volunteers_wanted: 3,
        visibility: "public",
      }),
  });
  const ended = performance.now();
  const caught = await caughtUp(bench.dbFile, 300_000);
  const federatedMs = caught === null ? null : caught - ended;
  const baseline = await insertRate(bench.quick ? 5000 : 20_000);
  const r = ratio(measured.rate, baseline);
  return [
    {
      name: "write",
      result: `${num(measured.rate)} needs/s (${measured.ok} created, ${measured.failed} failed, p99 ${ms(measured.p99)}); activities all delivered ${federatedMs === null ? "not within 5 min" : `${ms(federatedMs)} after the last create: ${num(measured.ok / (measured.seconds + federatedMs / 1000))} needs/s created and federated`}`,
      baseline: `${num(baseline)} single-row inserts/s`,
      ratio: r,
      target: "≥ 0.1× inserts",
      met: r !== null && r >= 0.1 && measured.failed === 0,
      data: { connections: CONNECTIONS, measured, insertsPerSecond: baseline, federatedAfterMs: federatedMs },
    },
  ];
}
