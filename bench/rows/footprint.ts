// footprint: start to the first NodeInfo answer; resident memory idle (empty, and
// with the seeded needs) and the peak over the runs before it; baseline: a bare
// Node process serving a Hono route, under the same loader (tsx).
import type { Bench } from "../lib/context.ts";
import { freePort, memory, startBare, startEntraide, tempDir } from "../lib/processes.ts";
import { ratio } from "../lib/stats.ts";
import { ms, num, type Row } from "../lib/table.ts";

const IDLE_MS = 2000;
const mib = (v: number) => `${num(v, 0)} MiB`;

export async function footprintRows(bench: Bench): Promise<Row[]> {
  const peak = memory(bench.server.pid).peak;
  bench.log("footprint: a fresh, empty server, then a bare Hono process");
  const empty = await startEntraide(await freePort(), tempDir());
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const emptyRss = memory(empty.pid).rss;
  await empty.stop();
  const bare = await startBare({});
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const bareRss = memory(bare.pid).rss;
  await bare.stop();
  const startMs = Math.max(empty.startMs, bench.server.startMs);
  const idleRatio = ratio(emptyRss, bareRss);
  const peakRatio = ratio(peak, bench.idle.rss);
  return [
    {
      name: "footprint",
      result: `start ${ms(empty.startMs)} (fresh), ${ms(bench.server.startMs)} (${num(bench.needs)} needs); idle RSS ${mib(emptyRss)} empty, ${mib(bench.idle.rss)} seeded; peak ${mib(peak)}`,
      baseline: `bare Hono process: start ${ms(bare.startMs)}, idle RSS ${mib(bareRss)}`,
      ratio: idleRatio,
      target: `start ≤ 2 s; idle RSS ≤ 2× bare; peak ≤ 3× idle (${peakRatio === null ? "–" : `${peakRatio.toFixed(2)}×`})`,
      met: startMs <= 2000 && idleRatio !== null && idleRatio <= 2 && peakRatio !== null && peakRatio <= 3,
      data: { freshStartMs: empty.startMs, seededStartMs: bench.server.startMs, emptyRss, seededIdle: bench.idle, peak, bareRss, bareStartMs: bare.startMs },
    },
  ];
}
