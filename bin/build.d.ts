// Types of bin/build.js, for the TypeScript that imports it (the benchmarks, the tests).
export const root: string;
export const distDir: string;
export const RUNTIME_ENV: Record<string, string>;
/** esbuild plugins: dependencies evaluated on first use, zod in English only. */
export const PLUGINS: import("esbuild").Plugin[];
/** The banner of every bundled file (require() for Node's own modules). */
export const BANNER: string;
export function inputsHash(base?: string): string;
export function isStale(outDir?: string): boolean;
export function build(outDir?: string): Promise<string>;
export function ensureBuilt(log?: (message: string) => void): Promise<string>;
