// What the figures were measured on: they mean little without it.
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  platform: string;
  /** The key size of the actors' HTTP Signature keys (src/domain/actors/keys.ts). */
  rsaBits: number;
}

export function describeMachine(): Machine {
  let cpu = cpus()[0]?.model ?? "unknown";
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.+)$/m);
    if (line?.[1]) cpu = line[1].trim();
  } catch {}
  return {
    cpu,
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    rsaBits: 2048,
  };
}

export const describeLine = (m: Machine) =>
  `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.platform}, RSA-${m.rsaBits} actor keys`;
