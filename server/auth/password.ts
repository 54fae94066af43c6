/** Staff passwords: argon2id (memory-hard KDF) and one shared strength policy. */
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

// OWASP's argon2id baseline (19 MiB, t=2, p=1).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const COMMON = new Set([
  "password",
  "password1",
  "password123",
  "1234567890",
  "12345678910",
  "qwertyuiop",
  "iloveyou123",
  "admin12345",
  "woaini1314",
  "a123456789",
  "abc1234567",
  "qwerty12345",
]);

/** Shared by the signup form, invitation acceptance and the CLI. */
export const passwordSchema = z
  .string()
  .min(10, "password.tooShort")
  .max(128, "password.tooLong")
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), "password.needsLetterAndDigit")
  .refine((p) => !COMMON.has(p.toLowerCase()), "password.tooCommon");

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the email is unknown, so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash() {
  dummyHash ??= hashPassword("not-a-real-password-0");
  return dummyHash;
}
