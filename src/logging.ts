// Logging with LogTape: readable text by default, JSON lines with LOG_FORMAT=json.
// Categories are arrays: ["entraide", "http"], ["fedify", …] for Fedify's own.
import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";
import {
  type LogRecord,
  type Sink,
  configureSync,
  getTextFormatter,
  getLogger,
  jsonLinesFormatter,
  resetSync,
} from "@logtape/logtape";
import type { LogLevel } from "./config.ts";

export interface LoggingOptions {
  level: LogLevel;
  format: "text" | "json";
  /** Where lines go; standard error by default. */
  write?: (line: string) => void;
}

export function configureLogging({ level, format, write }: LoggingOptions): void {
  const formatter =
    format === "json"
      ? jsonLinesFormatter
      : getTextFormatter({ value: (v) => (typeof v === "string" ? v : inspect(v, { depth: 3, breakLength: Infinity })) });
  const out = write ?? ((line: string) => process.stderr.write(line));
  const sink: Sink = (record: LogRecord) => out(formatter(record));
  resetSync();
  configureSync({
    sinks: { main: sink },
    contextLocalStorage: new AsyncLocalStorage(),
    loggers: [
      { category: ["entraide"], sinks: ["main"], lowestLevel: level },
      // Fedify is chatty at debug level; follow ours but never below info unless asked for trace.
      { category: ["fedify"], sinks: ["main"], lowestLevel: level === "trace" ? "debug" : level === "debug" ? "info" : level },
      // Our own middleware logs one line per request; Fedify's would be a second one.
      { category: ["fedify", "federation", "http"], sinks: ["main"], lowestLevel: "error" },
      { category: ["logtape", "meta"], sinks: ["main"], lowestLevel: "warning" },
    ],
  });
}

export function logger(...category: string[]) {
  return getLogger(["entraide", ...category]);
}

// Paths that carry a secret in a segment: a password reset link is as good as the password
// for its hour, and logs are read by more people, and kept longer, than mailboxes.
const SECRET_SEGMENTS = /^(\/password-reset\/)[^/]+/;

/** A request path as it may be logged: a secret it carries is replaced by "…". */
export function pathForLog(path: string): string {
  return path.replace(SECRET_SEGMENTS, "$1…");
}
