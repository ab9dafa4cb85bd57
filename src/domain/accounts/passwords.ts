// Password hashing with Argon2id (@node-rs/argon2: maintained, native, no build step).
import { hash, verify } from "@node-rs/argon2";
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

export function hashPassword(password: string): Promise<string> {
  // OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane.
  return hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
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
