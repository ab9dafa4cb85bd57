import { v7 } from "uuid";

/** A new time-ordered identifier (UUIDv7): sortable, unguessable enough for public ids, the same on every database. */
export function newId(): string {
  return v7();
}
