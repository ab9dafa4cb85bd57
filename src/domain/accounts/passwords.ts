// Password hashing with Argon2id (@node-rs/argon2: maintained, native, no build step).
import { randomBytes } from "node:crypto";
import { DomainError } from "../errors.ts";

export const MIN_PASSWORD_LENGTH = 10;

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError("invalid", `a password needs at least ${MIN_PASSWORD_LENGTH} characters`, "password", "password_too_short", {
      min: MIN_PASSWORD_LENGTH,
    });
  }
  if (password.length > 1024) throw new DomainError("invalid", "a password may not exceed 1024 characters", "password", "password_too_long");
}

let argon2: Promise<typeof import("@node-rs/argon2")> | undefined;

/**
 * The native addon, loaded at the first sign-in or sign-up rather than at start: its
 * loader and library cost a server that nobody signs in to some 3 MiB of resident memory
 * (bench/README.md, "Idle memory: what loads on first use").
 */
function argon2Module(): Promise<typeof import("@node-rs/argon2")> {
  argon2 ??= import("@node-rs/argon2");
  return argon2;
}

/** Whether the addon has been loaded (for the test that start-up does without it). */
export function argon2Loaded(): boolean {
  return argon2 !== undefined;
}

export async function hashPassword(password: string): Promise<string> {
  const { hash } = await argon2Module();
  // OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane.
  return hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  // Outside the try: an addon that does not load is an error, not a wrong password.
  const { verify } = await argon2Module();
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A random password for accounts created without one (printed once by the CLI). */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
