// What every row is given: the seeded server under test and the run's settings.
import type { InboxCounter } from "./inboxes.ts";
import type { SeededPostgres } from "./postgres.ts";
import type { Running } from "./processes.ts";
import type { Seeded } from "./seed.ts";
import type { Row } from "./table.ts";

export interface Bench {
  quick: boolean;
  /** Seconds of load per measurement (and per baseline). */
  seconds: number;
  server: Running;
  dataDir: string;
  dbFile: string;
  /** The seeded database copied to PostgreSQL, when DATABASE_URL names a PostgreSQL server. */
  postgres?: SeededPostgres;
  seeded: Seeded;
  needs: number;
  organizations: number;
  /** The simulated servers of the followers of `fanout`, `faults` and `writes`. */
  inboxes: { fanout: InboxCounter; faults: InboxCounter; faultsSlow: Set<string>; faultsGone: Set<string> };
  /** Memory of the server, in MiB, idle after start. */
  idle: { rss: number; peak: number };
  log(message: string): void;
}

export type RowRunner = (bench: Bench) => Promise<Row[]>;
