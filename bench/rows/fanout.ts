// fanout and fanout-faults: from POST /api/v1/missions to the last delivery on
// simulated servers (shared inboxes), and the POSTs they receive; baseline: how long
// the RSA-2048 signatures of those deliveries take at this process's WebCrypto rate.
import type { Bench } from "../lib/context.ts";
import type { InboxCounter } from "../lib/inboxes.ts";
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
    bench.log(`fanout-faults: ${faultsSlow.size} slow servers (2 s), ${faultsGone.size} answering 410, ${healthy.length} healthy`);
    const f = await publish(bench, "faults", "Ranger la salle après la fête");
    const fPosts = await delivered(faults, f.activityId, total, 15_000, 0);
    const healthyMs = faults.lastAt(f.activityId, healthy) - f.started;
    // Long enough for a retry of the 410s to show (Fedify's first retry comes within seconds).
    const waitMs = bench.quick ? 6_000 : 20_000;
    await sleep(waitMs);
    const byInbox = faults.perInbox(f.activityId);
    const goneCounts = [...faultsGone].map((o) => byInbox.get(`${o}/inbox`) ?? 0);
    const r = ratio(healthyMs, lastMs);
    rows.push({
      name: "fanout-faults",
      result: `API ${ms(f.apiMs)}; healthy servers' last delivery ${ms(healthyMs)}; ${fPosts} POSTs; 410 servers got ${goneCounts.join(", ")} POST(s) (Fedify's double-knock: RFC 9421, then draft-cavage) in ${num(waitMs / 1000)} s`,
      baseline: `fanout ${ms(lastMs)} (same run)`,
      ratio: r,
      target: "healthy ≤ 1.2× fanout; a 410 never retried (≤ 2 POSTs: one double-knock, no queue retry)",
      met: r !== null && r <= 1.2 && goneCounts.every((c) => c >= 1 && c <= 2),
      data: { servers: total, slow: faultsSlow.size, gone: faultsGone.size, apiMs: f.apiMs, healthyMs, posts: fPosts, goneCounts, waitMs },
    });
  }
  return rows;
}
