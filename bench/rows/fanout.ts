// fanout and fanout-faults: from POST /api/v1/missions to the last delivery on
// simulated servers (shared inboxes), and the POSTs they receive; baseline: how long
// the RSA-2048 signatures of those deliveries take at this process's WebCrypto rate.
// Then 1,000 followers on 1,000 servers (one inbox each): deliveries per second
// against the signing ceiling.
import BetterSqlite3 from "better-sqlite3";
import type { Bench } from "../lib/context.ts";
import { type InboxCounter, inboxServers } from "../lib/inboxes.ts";
import { settle } from "../lib/processes.ts";
import { ratio } from "../lib/stats.ts";
import { ms, num, type Row } from "../lib/table.ts";

/** RSA-2048 PKCS#1 v1.5 SHA-256 signatures per second, 4 in flight (the queue's concurrency). */
export async function rsaSignRate(seconds: number): Promise<number> {
  const { privateKey } = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    false,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const data = new TextEncoder().encode(`(request-target): post /inbox\nhost: 127.0.0.2\ndate: ${new Date().toUTCString()}\ndigest: SHA-256=${"x".repeat(44)}`);
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < seconds * 1000) {
    await Promise.all(Array.from({ length: 4 }, () => crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, data)));
    n += 4;
  }
  return n / ((performance.now() - started) / 1000);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Published {
  activityId: string;
  started: number;
  apiMs: number;
  status: number;
}

async function publish(bench: Bench, organization: string, title: string): Promise<Published> {
  const started = performance.now();
  const res = await fetch(`${bench.server.url}/api/v1/missions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${bench.seeded.token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      organization,
      title,
      description: "Accueillir les visiteurs et servir des boissons.",
      domains: ["vivre-ensemble"],
      place: { label: "Place du Marché" },
      schedule: { kind: "date", start: "2027-06-20T14:00:00+02:00" },
      visibility: "public",
    }),
  });
  const apiMs = performance.now() - started;
  const body = (await res.json()) as { uri?: string };
  if (res.status !== 201 || !body.uri) throw new Error(`publishing for @${organization}: ${res.status} ${JSON.stringify(body)}`);
  return { activityId: `${body.uri}#create`, started, apiMs, status: res.status };
}

/** Waits until `expected` POSTs of the activity arrived (or `timeoutMs`), then a little longer for extras. */
async function delivered(counter: InboxCounter, activityId: string, expected: number, timeoutMs: number, settleMs = 300) {
  const deadline = performance.now() + timeoutMs;
  while (counter.posts(activityId) < expected && performance.now() < deadline) await sleep(5);
  await sleep(settleMs);
  return counter.posts(activityId);
}

/**
 * Gives the organisation `handle` one follower on each of `servers`, in the running
 * server's database (SQLite in WAL mode: a second writer waits its turn).
 */
function addFollowers(dbFile: string, handle: string, servers: readonly string[]) {
  const db = new BetterSqlite3(dbFile);
  try {
    db.pragma("busy_timeout = 5000");
    const org = db.prepare("select id from actors where handle = ?").get(handle) as { id: string } | undefined;
    if (!org) throw new Error(`no organisation @${handle} to follow`);
    const created = new Date("2026-11-01T00:00:00Z").toISOString();
    const actor = db.prepare(
      `insert into remote_actors (id, uri, type, handle, name, url, inbox, shared_inbox, software, updated)
       values (?, ?, 'Person', ?, ?, null, ?, ?, 'mastodon', ?)`,
    );
    const follower = db.prepare("insert into followers (actor_id, follower_id, follow_uri, created) values (?, ?, ?, ?)");
    db.transaction(() => {
      servers.forEach((server, i) => {
        const id = crypto.randomUUID();
        const uri = `${server}/users/w${i}`;
        actor.run(id, uri, `w${i}@${new URL(server).host}`, `w${i}`, `${uri}/inbox`, `${server}/inbox`, created);
        follower.run(org.id, id, `${uri}#follow`, created);
      });
    })();
  } finally {
    db.close();
  }
}

/** 1,000 followers on 1,000 servers: deliveries per second against the RSA-2048 signing rate. */
async function wideFanout(bench: Bench, signs: number): Promise<Row> {
  const count = 1000;
  bench.log(`fanout: ${count} followers on ${count} servers`);
  const servers = await inboxServers(count);
  try {
    // An organisation with no needs, hence no followers yet.
    const handle = bench.seeded.handles.at(-1)!;
    addFollowers(bench.dbFile, handle, servers.origins);
    await settle(bench.server.url);
    const p = await publish(bench, handle, "Distribuer les colis de la banque alimentaire");
    const posts = await delivered(servers, p.activityId, count, 60_000);
    const lastMs = servers.lastAt(p.activityId) - p.started;
    const perInbox = [...servers.perInbox(p.activityId).values()];
    const rate = (posts / lastMs) * 1000;
    const r = ratio(rate, signs);
    return {
      name: "fanout (1,000 servers)",
      result: `API ${ms(p.apiMs)}; ${posts} POSTs (${perInbox.filter((c) => c === 1).length} inboxes once); last delivery ${ms(lastMs)}: ${num(rate)} deliveries/s`,
      baseline: `${num(signs)} RSA-2048 signs/s → ${count} signatures in ${ms((count / signs) * 1000)}`,
      ratio: r,
      target: "≥ 0.5× the signing rate; exactly 1,000 POSTs",
      met: r !== null && r >= 0.5 && posts === count && perInbox.every((c) => c === 1),
      data: { followers: count, servers: count, apiMs: p.apiMs, posts, lastDeliveryMs: lastMs, deliveriesPerSecond: rate, signsPerSecond: signs },
    };
  } finally {
    await servers.close();
  }
}

export async function fanoutRows(bench: Bench, only: (name: string) => boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const { fanout, faults, faultsSlow, faultsGone } = bench.inboxes;
  const servers = fanout.origins.length;
  await settle(bench.server.url);
  bench.log("fanout: RSA-2048 signing rate");
  const signs = await rsaSignRate(1);
  const ceilingMs = (servers / signs) * 1000;
  // A first publication warms up the organisation's keys (imported once, then cached), as on a running server.
  bench.log(`fanout: 1,000 followers on ${servers} servers`);
  const warm = await publish(bench, "fanout", "Préparer la salle");
  await delivered(fanout, warm.activityId, servers, 10_000, 0);
  const p = await publish(bench, "fanout", "Tenir le stand de la fête de quartier");
  const posts = await delivered(fanout, p.activityId, servers, 10_000);
  const lastMs = fanout.lastAt(p.activityId) - p.started;
  const perInbox = [...fanout.perInbox(p.activityId).values()];
  if (only("fanout")) {
    rows.push({
      name: "fanout",
      result: `API ${ms(p.apiMs)}; ${posts} POSTs (${perInbox.filter((c) => c === 1).length} inboxes once); last delivery ${ms(lastMs)}`,
      baseline: `${num(signs)} RSA-2048 signs/s → ${servers} signatures in ${ms(ceilingMs)}`,
      ratio: ratio(ceilingMs, lastMs),
      target: `API < 50 ms; exactly ${servers} POSTs; all < 1 s`,
      met: p.apiMs < 50 && posts === servers && perInbox.every((c) => c === 1) && lastMs < 1000,
      data: { followers: 1000, servers, apiMs: p.apiMs, posts, lastDeliveryMs: lastMs, signsPerSecond: signs, warmup: { apiMs: warm.apiMs } },
    });
  }
  if (only("fanout-faults")) {
    const total = faults.origins.length;
    const healthy = faults.origins.filter((o) => !faultsSlow.has(o) && !faultsGone.has(o));
    const gone = [...faultsGone];
    bench.log(`fanout-faults: ${faultsSlow.size} slow servers (2 s), ${faultsGone.size} answering 410, ${healthy.length} healthy`);
    // The first publication meets the 410s (as fanout's first one warms up): what they receive
    // in the following seconds shows whether a 410 is tried again.
    const first = await publish(bench, "faults", "Préparer la fête de quartier");
    await delivered(faults, first.activityId, total, 15_000, 0);
    // Long enough for a retry of the 410s to show (Fedify's first retry comes within seconds).
    const waitMs = bench.quick ? 6_000 : 20_000;
    await sleep(waitMs);
    const goneCounts = gone.map((o) => faults.perInbox(first.activityId).get(`${o}/inbox`) ?? 0);
    await settle(bench.server.url);
    const f = await publish(bench, "faults", "Ranger la salle après la fête");
    const fPosts = await delivered(faults, f.activityId, total - gone.length, 15_000);
    const healthyMs = faults.lastAt(f.activityId, healthy) - f.started;
    const goneAfter = gone.map((o) => faults.perInbox(f.activityId).get(`${o}/inbox`) ?? 0);
    const r = ratio(healthyMs, lastMs);
    rows.push({
      name: "fanout-faults",
      result: `API ${ms(f.apiMs)}; healthy servers' last delivery ${ms(healthyMs)}; ${fPosts} POSTs; 410 servers got ${goneCounts.join(", ")} POST(s) of the first publication in ${num(waitMs / 1000)} s (Fedify's double-knock: RFC 9421, then draft-cavage), ${goneAfter.reduce((a, b) => a + b, 0)} of the next`,
      baseline: `fanout ${ms(lastMs)} (same run)`,
      ratio: r,
      target: "healthy ≤ 1.2× fanout; a 410 never retried (≤ 2 POSTs: one double-knock, no queue retry), then sent nothing",
      met: r !== null && r <= 1.2 && goneCounts.every((c) => c >= 1 && c <= 2) && goneAfter.every((c) => c === 0),
      data: { servers: total, slow: faultsSlow.size, gone: faultsGone.size, apiMs: f.apiMs, healthyMs, posts: fPosts, goneCounts, goneAfter, waitMs, first: { apiMs: first.apiMs } },
    });
  }
  if (only("fanout")) {
    await settle(bench.server.url);
    rows.push(await wideFanout(bench, signs));
  }
  return rows;
}
