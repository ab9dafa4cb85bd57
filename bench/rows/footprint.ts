// footprint: start to the first NodeInfo answer; resident memory idle (empty, and
// with the seeded needs), the peak over the rows before it, and the resident memory
// over a sustained load of reads and searches (does it keep growing?). Baseline: a
// bare Node process serving a Hono route, built and run the same way (processes.ts).
import type { Bench } from "../lib/context.ts";
import { load } from "../lib/load.ts";
import { freePort, memory, type Running, settle, startBare, startEntraide, tempDir } from "../lib/processes.ts";
import { ratio } from "../lib/stats.ts";
import { ms, num, type Row } from "../lib/table.ts";
import { searchPaths } from "./search.ts";

const IDLE_MS = 2000;
/** Fresh starts measured; the median is reported (the machine's other work moves a single one). */
const STARTS = 3;
/** The share of the sustained run left out of the judgement: JIT, caches and the heap settle first. */
const WARM_UP = 1 / 3;
/** "No growth": the fitted growth over the judged window stays within this share of its mean RSS. */
const GROWTH_LIMIT = 0.05;
const mib = (v: number) => `${num(v, 0)} MiB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

export interface Sample {
  /** Seconds since the load began. */
  t: number;
  rss: number;
}

export interface Growth {
  /** Seconds judged (after the warm-up). */
  seconds: number;
  mean: number;
  min: number;
  max: number;
  /** Least-squares slope over the judged window, in MiB per minute. */
  slopePerMinute: number;
  /** That slope over the window's length, in MiB: what the window gained, smoothed of GC sawteeth. */
  growth: number;
  /** growth / mean. */
  share: number;
}

/**
 * Growth of resident memory over the last part of a sustained load: a straight line
 * fitted through every sample after the warm-up. The heap rises and falls with each
 * garbage collection; the fit looks through that sawtooth at the trend.
 */
export function judgeGrowth(samples: readonly Sample[], warmUp = WARM_UP): Growth {
  if (samples.length < 2) throw new Error("judgeGrowth needs at least two samples");
  const end = samples.at(-1)!.t;
  const start = samples[0]!.t + (end - samples[0]!.t) * warmUp;
  const window = samples.filter((s) => s.t >= start);
  const n = window.length;
  const meanT = window.reduce((a, s) => a + s.t, 0) / n;
  const mean = window.reduce((a, s) => a + s.rss, 0) / n;
  const sxx = window.reduce((a, s) => a + (s.t - meanT) ** 2, 0);
  const sxy = window.reduce((a, s) => a + (s.t - meanT) * (s.rss - mean), 0);
  const slope = sxx > 0 ? sxy / sxx : 0;
  const seconds = window.at(-1)!.t - window[0]!.t;
  const growth = slope * seconds;
  return {
    seconds,
    mean,
    min: Math.min(...window.map((s) => s.rss)),
    max: Math.max(...window.map((s) => s.rss)),
    slopePerMinute: slope * 60,
    growth,
    share: mean > 0 ? growth / mean : 0,
  };
}

/** The sustained load's warm-up pass: how long it took, and the server's RSS before and after (MiB). */
interface WarmUp {
  seconds: number;
  requests: number;
  rssBefore: number;
  rssAfter: number;
}

/**
 * A mix of reads and searches on the seeded server for `seconds`, its RSS sampled every
 * second, after a warm-up pass that visits every path of the mix once (as the HTTP rows'
 * warm-up does): a server that has been up a while has compiled its code, loaded what it
 * loads on first use and filled its caches. Without it, a cold server (`--only footprint`)
 * spends the whole run growing to that plateau, which the trend would take for a leak.
 */
async function sustained(bench: Bench, seconds: number): Promise<{ samples: Sample[]; requests: number; failed: number; rate: number; warmUp: WarmUp }> {
  const host = new URL(bench.server.url).host;
  const orgs = bench.seeded.handles;
  const needs = bench.seeded.needIds.slice(0, 5000);
  const html = [
    ...needs.slice(0, 2000).map((id) => `/needs/${id}`),
    ...searchPaths(200).paths,
    ...orgs.slice(0, 500).map((h) => `/.well-known/webfinger?resource=${encodeURIComponent(`acct:${h}@${host}`)}`),
  ];
  const activityPub = [...needs.slice(2000, 4000).map((id) => `/needs/${id}`), ...orgs.map((h) => `/actors/${h}`)];
  // Interleaved, so that every second sees each kind of request.
  const mix = (paths: string[]) => paths.map((p, i) => [(i * 7919) % paths.length, p] as const).sort((a, b) => a[0] - b[0]).map(([, p]) => p);
  const warmStarted = performance.now();
  const rssBefore = memory(bench.server.pid).rss;
  const warmed = await Promise.all([
    load({ url: bench.server.url, connections: 8, amount: html.length, paths: html, headers: { Accept: "text/html" } }),
    load({ url: bench.server.url, connections: 8, amount: activityPub.length, paths: activityPub, headers: { Accept: "application/activity+json" } }),
  ]);
  const warmUp: WarmUp = {
    seconds: (performance.now() - warmStarted) / 1000,
    requests: warmed.reduce((a, r) => a + r.requests, 0),
    rssBefore,
    rssAfter: memory(bench.server.pid).rss,
  };
  const samples: Sample[] = [];
  const began = performance.now();
  const sampler = setInterval(() => samples.push({ t: (performance.now() - began) / 1000, rss: memory(bench.server.pid).rss }), 1000);
  try {
    const results = await Promise.all([
      load({ url: bench.server.url, connections: 8, seconds, paths: mix(html), headers: { Accept: "text/html" } }),
      load({ url: bench.server.url, connections: 8, seconds, paths: mix(activityPub), headers: { Accept: "application/activity+json" } }),
    ]);
    const requests = results.reduce((a, r) => a + r.requests, 0);
    const failed = results.reduce((a, r) => a + r.failed, 0);
    return { samples, requests, failed, rate: results.reduce((a, r) => a + r.rate, 0), warmUp };
  } finally {
    clearInterval(sampler);
  }
}

async function idleRss(running: Running): Promise<number> {
  await sleep(IDLE_MS);
  return memory(running.pid).rss;
}

export async function footprintRows(bench: Bench): Promise<Row[]> {
  const peak = memory(bench.server.pid).peak;
  const sustainedSeconds = bench.quick ? 45 : 300;
  bench.log(`footprint: ${sustainedSeconds} s of sustained reads and searches, RSS sampled every second`);
  await settle(bench.server.url);
  const run = await sustained(bench, sustainedSeconds);
  const growth = judgeGrowth(run.samples);
  await settle(bench.server.url);

  bench.log(`footprint: ${STARTS} fresh, empty servers, then a bare Hono process`);
  const fresh: { startMs: number; cpuMs: number; rss: number }[] = [];
  for (let i = 0; i < STARTS; i++) {
    const empty = await startEntraide(await freePort(), tempDir());
    try {
      fresh.push({ startMs: empty.startMs, cpuMs: empty.startCpuMs, rss: await idleRss(empty) });
    } finally {
      await empty.stop();
    }
  }
  const bare = await startBare({});
  const bareRss = await idleRss(bare).finally(() => bare.stop());
  const freshStart = median(fresh.map((f) => f.startMs));
  const freshCpu = median(fresh.map((f) => f.cpuMs));
  const emptyRss = median(fresh.map((f) => f.rss));
  const seededStart = bench.server.startMs;
  const startMs = Math.max(freshStart, seededStart);
  const idleRatio = ratio(emptyRss, bareRss);
  const peakRatio = ratio(peak, bench.idle.rss);
  const grows = growth.share > GROWTH_LIMIT;
  const pct = (v: number) => `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)} %`;
  return [
    {
      name: "footprint",
      result:
        `start ${ms(freshStart)} (fresh, CPU ${ms(freshCpu)}), ${ms(seededStart)} (${num(bench.needs)} needs, CPU ${ms(bench.server.startCpuMs)}); ` +
        `idle RSS ${mib(emptyRss)} empty, ${mib(bench.idle.rss)} seeded; peak ${mib(peak)}; ` +
        `sustained ${sustainedSeconds} s after a warm-up pass (${num(run.warmUp.requests)} paths in ${num(run.warmUp.seconds, 0)} s, RSS ${mib(run.warmUp.rssBefore)} → ${mib(run.warmUp.rssAfter)}) ` +
        `(${num(run.rate)} req/s, ${num(run.failed)} failed): RSS ${mib(growth.min)}–${mib(growth.max)} over the last ${num(growth.seconds, 0)} s, trend ${pct(growth.share)}`,
      baseline: `bare Hono process: start ${ms(bare.startMs)}, idle RSS ${mib(bareRss)}`,
      ratio: idleRatio,
      target: `start ≤ 2 s; idle RSS ≤ 2× bare; peak ≤ 3× idle (${peakRatio === null ? "–" : `${peakRatio.toFixed(2)}×`}); no growth under load (trend ≤ ${GROWTH_LIMIT * 100} %)`,
      met: startMs <= 2000 && idleRatio !== null && idleRatio <= 2 && peakRatio !== null && peakRatio <= 3 && !grows && run.failed === 0,
      data: {
        fresh,
        freshStartMs: freshStart,
        seededStartMs: seededStart,
        seededStartCpuMs: bench.server.startCpuMs,
        emptyRss,
        seededIdle: bench.idle,
        peak,
        bareRss,
        bareStartMs: bare.startMs,
        sustained: { seconds: sustainedSeconds, warmUp: run.warmUp, requests: run.requests, failed: run.failed, rate: run.rate, growth, samples: run.samples },
      },
    },
  ];
}
