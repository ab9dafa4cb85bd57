// inbox-refused: what a hostile delivery costs the server before it is refused. The
// security review's attack, a 700 KB JSON-LD body with an inline @context of 1,200 terms
// (bench/lib/hostile.ts), sent unsigned, with a Linked Data signature that verifies
// against nothing, chunked without Content-Length, and, small enough to pass the size
// limits, under a forged HTTP signature: the server's CPU time per request (from /proc),
// against a small ordinary unsigned POST, refused too, in the same run. The kinds are
// sent in turns, a batch of each, so that whatever else the server does in the
// background is billed to all of them alike.
import { request as httpRequest } from "node:http";
import type { Bench } from "../lib/context.ts";
import { CONTEXT_TERMS, MAX_VALUES } from "../../src/http/inbox-body.ts";
import { hostileActivity, plainActivity } from "../lib/hostile.ts";
import { cpuTime, settle } from "../lib/processes.ts";
import { num, type Row } from "../lib/table.ts";

interface Kind {
  name: string;
  body: string;
  headers: Record<string, string>;
  /** Sent in chunks without Content-Length. */
  chunked?: boolean;
}

/**
 * One POST on a connection of its own; resolves with the status, or 0 when the connection
 * was reset first (a server that stops reading a chunked body closes the connection with
 * bytes unread, and the reset may reach the client before the answer it wrote).
 */
function post(url: string, kind: Kind): Promise<number> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: number) => {
      if (!settled) {
        settled = true;
        resolve(status);
      }
    };
    const headers: Record<string, string | number> = { "Content-Type": "application/activity+json", ...kind.headers };
    if (!kind.chunked) headers["Content-Length"] = Buffer.byteLength(kind.body);
    const req = httpRequest(url, { method: "POST", agent: false, headers }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode ?? 0));
      res.on("error", () => done(res.statusCode ?? 0));
    });
    // The server may answer and close before it has read everything: that is the point.
    req.on("error", () => done(0));
    if (!kind.chunked) {
      req.end(kind.body);
      return;
    }
    const chunk = 16 * 1024;
    let offset = 0;
    const write = () => {
      while (offset < kind.body.length && !req.destroyed) {
        const more = req.write(kind.body.slice(offset, offset + chunk));
        offset += chunk;
        if (!more) return void req.once("drain", write);
      }
      if (!req.destroyed) req.end();
    };
    write();
  });
}

/** The hostile document grown to just under the budget's terms and values, with a fake LD signature. */
function budgetActivity(actor: string): Record<string, unknown> {
  const terms = CONTEXT_TERMS - 10;
  let bytes = 20_000;
  let doc = hostileActivity({ actor, terms, bytes, ldSignature: true });
  // Each item holds 8 values and is one more: grow until the next step would pass MAX_VALUES.
  const values = (d: Record<string, unknown>) => ((d.object as { items: unknown[] }).items.length * 9);
  while (values(doc) < MAX_VALUES - 200) {
    bytes += 5_000;
    const bigger = hostileActivity({ actor, terms, bytes, ldSignature: true });
    if (values(bigger) >= MAX_VALUES - 50) break;
    doc = bigger;
  }
  return doc;
}

export async function inboxRefusedRows(bench: Bench): Promise<Row[]> {
  const inbox = `${bench.server.url}/inbox`;
  const actor = "http://127.0.0.9/users/hostile";
  const forged = {
    Date: new Date().toUTCString(),
    Signature: `keyId="${actor}#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="AAAA"`,
  };
  const hostile = JSON.stringify(hostileActivity({ actor }));
  const baseline: Kind = { name: "small unsigned POST", body: JSON.stringify(plainActivity(actor)), headers: {} };
  const kinds: Kind[] = [
    { name: "unsigned 700 KB", body: hostile, headers: {} },
    { name: "fake LD signature 700 KB", body: JSON.stringify(hostileActivity({ actor, ldSignature: true })), headers: {} },
    { name: "unsigned 700 KB chunked", body: hostile, headers: {}, chunked: true },
    { name: "forged HTTP signature, 1,200 terms in 63 KB", body: JSON.stringify(hostileActivity({ actor, bytes: 0 })), headers: forged },
  ];
  // Not refused by the guard: the most the JSON-LD budget lets Fedify spend before its own 401
  // (a forged HTTP signature and a fake LD signature, near every limit of src/http/inbox-body.ts).
  const atBudget: Kind = {
    name: "forged HTTP signature + fake LD signature, at the JSON-LD budget",
    body: JSON.stringify(budgetActivity(actor)),
    headers: forged,
  };
  const all = [baseline, ...kinds, atBudget];
  const batch = 50;
  const rounds = bench.quick ? 5 : 20;
  // The kind at the budget costs a hundred times more: fewer of it (still whole clock ticks of CPU per batch).
  const batchOf = (kind: Kind) => (kind === atBudget ? 5 : batch);
  const cpuMs = new Map<Kind, number>(all.map((k) => [k, 0]));
  const statuses = new Map<Kind, Record<number, number>>(all.map((k) => [k, {}]));
  await settle(bench.server.url);
  bench.log(`inbox-refused: ${rounds} rounds of ${batch} POSTs of each of ${all.length - 1} kinds, and ${batchOf(atBudget)} at the budget`);
  for (let round = 0; round < rounds; round++) {
    for (const kind of all) {
      const before = cpuTime(bench.server.pid);
      for (let i = 0; i < batchOf(kind); i++) {
        const status = await post(inbox, kind);
        const counts = statuses.get(kind)!;
        counts[status] = (counts[status] ?? 0) + 1;
      }
      cpuMs.set(kind, cpuMs.get(kind)! + cpuTime(bench.server.pid) - before);
    }
  }
  const perRequestUs = (kind: Kind) => (cpuMs.get(kind)! * 1000) / (rounds * batchOf(kind));
  const describeStatuses = (kind: Kind) =>
    Object.entries(statuses.get(kind)!)
      .map(([status, n]) => `${n}× ${status === "0" ? "reset" : status}`)
      .join(", ");
  const base = perRequestUs(baseline);
  const worst = Math.max(...kinds.map(perRequestUs));
  const ratio = base > 0 ? worst / base : null;
  const refusedCleanly = kinds.every((k) =>
    Object.keys(statuses.get(k)!).every((s) => (Number(s) >= 400 && Number(s) < 500) || (k.chunked && s === "0")),
  );
  const atBudgetUs = perRequestUs(atBudget);
  return [
    {
      name: "inbox-refused",
      result: kinds.map((k) => `${k.name}: ${num(perRequestUs(k))} µs CPU/req (${describeStatuses(k)})`).join("; "),
      baseline: `${baseline.name}: ${num(base)} µs CPU/req (${describeStatuses(baseline)})`,
      ratio,
      target: "the costliest ≤ 5× the small unsigned POST (the review measured 1.3 s of CPU), each refused 4xx (or cut off mid-body)",
      met: ratio !== null && ratio <= 5 && refusedCleanly,
      data: {
        rounds,
        batch,
        baselineUs: base,
        kinds: Object.fromEntries(kinds.map((k) => [k.name, { us: perRequestUs(k), bytes: k.body.length, statuses: statuses.get(k) }])),
        baselineStatuses: statuses.get(baseline),
      },
    },
    {
      name: "inbox-refused (at the budget)",
      result: `${atBudget.name}, ${num(atBudget.body.length / 1024)} KiB: ${num(atBudgetUs)} µs CPU/req (${describeStatuses(atBudget)}, Fedify's refusal)`,
      baseline: `${baseline.name}: ${num(base)} µs CPU/req`,
      ratio: base > 0 ? atBudgetUs / base : null,
      target: "none: what the JSON-LD budget still lets a forged delivery cost",
      met: null,
      data: { us: atBudgetUs, bytes: atBudget.body.length, statuses: statuses.get(atBudget) },
    },
  ];
}
