// Types of bin/build.js, for the TypeScript that imports it (the benchmarks, the tests).
export const root: string;
export const distDir: string;
export const RUNTIME_ENV: Record<string, string>;
export function inputsHash(base?: string): string;
export function isStale(outDir?: string): boolean;
export function build(outDir?: string): Promise<string>;
export function ensureBuilt(log?: (message: string) => void): Promise<string>;
