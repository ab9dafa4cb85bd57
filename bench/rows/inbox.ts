// inbox: signed Create(Note) replies to the seeded needs (private replies addressed to
// the organisation: each one is an application), from 100 simulated servers, in three
// signature profiles; POSTs accepted per second, and applications stored per second once
// the queue has drained. Baseline: Fedify's verifyRequest / verifyJsonLd / verifyObject
// on the same documents, in this process, with the keys already fetched.
import { Agent, request as httpRequest } from "node:http";
import { type KeyCache, verifyJsonLd, verifyObject, verifyRequest } from "@fedify/fedify";
import { Create, type CryptographicKey, type Multikey } from "@fedify/vocab";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import SqliteDatabase from "better-sqlite3";
import { contextLoader } from "../../federation/loader.ts";
import type { Bench } from "../lib/context.ts";
import { settle } from "../lib/processes.ts";
import {
  PROFILE_SIGNATURES,
  type SenderServers,
  type SignatureProfile,
  type SignedPost,
  senderServers,
  signedReply,
} from "../lib/senders.ts";
import { type Latencies, latencies, ratio } from "../lib/stats.ts";
import { ms, num, type Row } from "../lib/table.ts";

export const SENDERS = 100;
const CONNECTIONS = 16;
const PROFILES: SignatureProfile[] = ["http", "ld", "proof"];

export interface Posted extends Latencies {
  /** Status of each POST, in the order of `posts`. */
  statuses: number[];
  accepted: number;
  serverErrors: number;
  seconds: number;
}

/** Sends every POST once, `connections` at a time over kept-alive connections. */
export async function postAll(posts: readonly SignedPost[], connections: number): Promise<Posted> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const statuses = new Array<number>(posts.length).fill(0);
  const times: number[] = [];
  let next = 0;
  const send = (post: SignedPost) =>
    new Promise<number>((resolve) => {
      const req = httpRequest(post.url, { method: "POST", headers: post.headers, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", () => resolve(0));
      req.end(post.body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < posts.length) {
        const i = next++;
        const t = performance.now();
        statuses[i] = await send(posts[i]!);
        times.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    statuses,
    accepted: statuses.filter((s) => s >= 200 && s < 300).length,
    serverErrors: statuses.filter((s) => s >= 500 || s === 0).length,
    seconds,
    ...latencies(times),
  };
}

/** Applications stored from these notes, and messages on the queue (any row's). */
function stored(dbFile: string, noteIds: readonly string[]): { applications: number; queued: number } {
  const db = new SqliteDatabase(dbFile, { readonly: true, fileMustExist: true });
  try {
    const stmt = db.prepare("select count(*) as n from applications where activity_uri = ?").pluck();
    const applications = noteIds.reduce((n, id) => n + Number(stmt.get(id)), 0);
    const queued = Number(db.prepare("select count(*) from queue_messages").pluck().get());
    return { applications, queued };
  } finally {
    db.close();
  }
}

/**
 * Waits until every accepted note is stored (its queue message handled), or nothing moved
 * for `idleMs`. Not until the queue is empty: earlier rows may leave deliveries waiting
 * for a retry there, which are none of this row's business.
 */
async function drained(dbFile: string, noteIds: readonly string[], idleMs = 30_000) {
  let last = -1;
  let movedAt = performance.now();
  for (;;) {
    const now = stored(dbFile, noteIds);
    if (now.applications >= noteIds.length) return { ...now, at: performance.now() };
    if (now.applications !== last) {
      last = now.applications;
      movedAt = performance.now();
    } else if (performance.now() - movedAt > idleMs) return { ...now, at: movedAt };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** In-memory key cache for the baselines: the ceiling is verification with the keys at hand. */
function memoryKeyCache(): KeyCache {
  const keys = new Map<string, CryptographicKey | Multikey | null>();
  return {
    get: async (id) => keys.get(id.href),
    set: async (id, key) => void keys.set(id.href, key),
  };
}

const withoutSignature = (json: Record<string, unknown>) => {
  const { signature: _, ...rest } = json;
  return rest;
};

/** Verifications per second of `check` over `posts` in turn, for `seconds` (after one warm-up pass fetching the keys). */
async function rate(posts: readonly SignedPost[], seconds: number, check: (post: SignedPost) => Promise<unknown>): Promise<number> {
  for (const post of posts.slice(0, SENDERS)) if (!(await check(post))) throw new Error(`baseline: a signature did not verify (${post.noteId})`);
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < seconds * 1000) await check(posts[n++ % posts.length]!);
  return n / ((performance.now() - started) / 1000);
}

function countBy(values: readonly number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

export interface Ceilings {
  verifyRequest: number;
  verifyJsonLd: number;
  verifyObject: number;
}

/** Fedify's verification rates for these documents: HTTP signatures of `http`, LD signatures of `ld`, proofs of `proof`. */
export async function ceilings(posts: Record<SignatureProfile, readonly SignedPost[]>, seconds: number): Promise<Ceilings> {
  const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
  const options = { documentLoader, contextLoader, keyCache: memoryKeyCache() };
  const verifyRequestRate = await rate(posts.http, seconds, (p) =>
    verifyRequest(new Request(p.url, { method: "POST", headers: p.headers, body: p.body }), options),
  );
  const verifyJsonLdRate = await rate(posts.ld, seconds, (p) => verifyJsonLd(p.json, options));
  const verifyObjectRate = await rate(posts.proof, seconds, (p) => verifyObject(Create, withoutSignature(p.json), options));
  return { verifyRequest: verifyRequestRate, verifyJsonLd: verifyJsonLdRate, verifyObject: verifyObjectRate };
}

/** Private replies to the first needs, `count` per profile, each from one of the senders in turn. */
export async function buildPosts(
  senders: Pick<SenderServers, "senders" | "rsa" | "ed25519">,
  targets: readonly { needUri: string; groupUri: string }[],
  inbox: string,
  count: number,
  tag: string,
  profiles: readonly SignatureProfile[] = PROFILES,
): Promise<Record<SignatureProfile, SignedPost[]>> {
  const out = {} as Record<SignatureProfile, SignedPost[]>;
  for (const profile of profiles) {
    out[profile] = [];
    for (let i = 0; i < count; i++) {
      const sender = senders.senders[i % senders.senders.length]!;
      const target = targets[i % targets.length]!;
      out[profile].push(
        await signedReply(senders, profile, {
          sender,
          inbox,
          noteId: `${sender.actor.href}/statuses/${tag}-${profile}-${i}`,
          inReplyTo: target.needUri,
          to: target.groupUri,
          content: `<p>Bonjour, je peux aider ce samedi matin. <a href="${target.needUri}">Votre annonce</a></p>`,
        }),
      );
    }
  }
  return out;
}

export async function inboxRows(bench: Bench): Promise<Row[]> {
  const count = bench.quick ? 200 : 2000;
  bench.log(`inbox: ${SENDERS} sender servers, signing ${count} replies per profile`);
  const senders = await senderServers(SENDERS);
  try {
    const db = new SqliteDatabase(bench.dbFile, { readonly: true });
    const targets = (
      db
        .prepare(
          "select n.id, a.handle from needs n join actors a on a.id = n.organization_id where n.status = 'open' and n.visibility = 'public' order by n.id limit 1000",
        )
        .all() as { id: string; handle: string }[]
    ).map((r) => ({ needUri: `${bench.server.url}/needs/${r.id}`, groupUri: `${bench.server.url}/actors/${r.handle}` }));
    db.close();
    const posts = await buildPosts(senders, targets, `${bench.server.url}/inbox`, count, Date.now().toString(36));
    bench.log("inbox: Fedify's verification rates in this process");
    const ceiling = await ceilings(posts, Math.min(2, bench.seconds));
    // A running server has heard from its peers before: one reply from each sender first,
    // so that fetching the 100 actors and their keys is not billed to the first profile.
    bench.log(`inbox: warm-up, one reply from each of the ${SENDERS} senders`);
    const warm = (await buildPosts(senders, targets, `${bench.server.url}/inbox`, SENDERS, `warm-${Date.now().toString(36)}`, ["http"])).http;
    const warmed = await postAll(warm, CONNECTIONS);
    await drained(bench.dbFile, warm.filter((_, i) => warmed.statuses[i] === 202).map((p) => p.noteId));
    const ceilingOf: Record<SignatureProfile, { name: keyof Ceilings; rate: number }> = {
      http: { name: "verifyRequest", rate: ceiling.verifyRequest },
      ld: { name: "verifyJsonLd", rate: ceiling.verifyJsonLd },
      proof: { name: "verifyObject", rate: ceiling.verifyObject },
    };
    const rows: Row[] = [];
    for (const profile of PROFILES) {
      await settle(bench.server.url);
      bench.log(`inbox (${profile}): ${count} POSTs, ${CONNECTIONS} connections, then the queue drains`);
      const fetchesBefore = senders.fetches();
      const started = performance.now();
      const posted = await postAll(posts[profile], CONNECTIONS);
      const acceptedIds = posts[profile].filter((_, i) => posted.statuses[i]! >= 200 && posted.statuses[i]! < 300).map((p) => p.noteId);
      const done = await drained(bench.dbFile, acceptedIds);
      const drainSeconds = (done.at - started) / 1000;
      const acceptRate = posted.accepted / posted.seconds;
      const drainRate = done.applications / drainSeconds;
      const { name, rate: ceil } = ceilingOf[profile];
      const r = ratio(drainRate, ceil);
      const lost = posted.accepted - done.applications;
      rows.push({
        name: `inbox-${profile}`,
        result: `${num(acceptRate)} accepted/s (p99 ${ms(posted.p99)}), ${num(drainRate)} stored/s after the queue drained; ${posted.accepted}/${count} accepted, ${done.applications} stored, ${posted.serverErrors} 5xx, ${lost} lost`,
        baseline: `${name} ${num(ceil)}/s (verifyRequest ${num(ceiling.verifyRequest)}/s, verifyJsonLd ${num(ceiling.verifyJsonLd)}/s, verifyObject ${num(ceiling.verifyObject)}/s)`,
        ratio: r,
        target: `≥ 0.5× ${name}, no 5xx, nothing lost`,
        met: r !== null && r >= 0.5 && posted.serverErrors === 0 && lost === 0 && posted.accepted === count,
        data: {
          profile,
          signatures: PROFILE_SIGNATURES[profile],
          senders: SENDERS,
          connections: CONNECTIONS,
          posts: count,
          accepted: posted.accepted,
          statuses: countBy(posted.statuses),
          serverErrors: posted.serverErrors,
          stored: done.applications,
          queuedAtEnd: done.queued,
          acceptSeconds: posted.seconds,
          drainSeconds,
          acceptRate,
          drainRate,
          latency: { p50: posted.p50, p95: posted.p95, p99: posted.p99 },
          actorFetches: senders.fetches() - fetchesBefore,
          ceilings: ceiling,
        },
      });
    }
    return rows;
  } finally {
    await senders.close();
  }
}
