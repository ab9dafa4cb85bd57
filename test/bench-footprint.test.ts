// The footprint row's judgement of "no growth under sustained load" (bench/rows/footprint.ts).
import { describe, expect, it } from "vitest";
import { judgeGrowth, type Sample } from "../bench/rows/footprint.ts";

/** One sample a second: a garbage-collection sawtooth around `base`, plus `perSecond` MiB of growth. */
function samples(seconds: number, base: number, perSecond: number): Sample[] {
  return Array.from({ length: seconds }, (_, t) => ({ t, rss: base + perSecond * t + ((t % 5) - 2) * 4 }));
}

describe("the footprint row's growth judgement", () => {
  it("sees no trend in a sawtooth that does not rise", () => {
    const g = judgeGrowth(samples(90, 200, 0));
    expect(Math.abs(g.growth)).toBeLessThan(2);
    expect(Math.abs(g.share)).toBeLessThan(0.01);
    expect(g.min).toBeLessThan(g.max);
  });

  it("measures a steady rise over the window after the warm-up", () => {
    // 0.5 MiB/s for 90 s: the last 60 s gain about 30 MiB.
    const g = judgeGrowth(samples(91, 200, 0.5));
    expect(g.seconds).toBe(60);
    // The sawtooth tilts the fit a little; the trend is what matters.
    expect(Math.abs(g.slopePerMinute - 30)).toBeLessThan(2);
    expect(Math.abs(g.growth - 30)).toBeLessThan(2);
    expect(g.share).toBeGreaterThan(0.1);
  });

  it("leaves the warm-up out: a heap that grows, then holds, does not count as growth", () => {
    const rising = samples(30, 150, 2);
    const flat = samples(60, 210, 0).map((s) => ({ ...s, t: s.t + 30 }));
    const g = judgeGrowth([...rising, ...flat]);
    expect(Math.abs(g.share)).toBeLessThan(0.01);
    expect(() => judgeGrowth([{ t: 0, rss: 1 }])).toThrow(/two samples/);
  });
});
