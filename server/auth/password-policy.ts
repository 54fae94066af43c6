/**
 * The staff password strength policy. Pure zod (no argon2 import) so client forms can validate
 * with the same rule the server enforces; hashing lives in ./password.ts.
 */
import { z } from "zod";

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

export const PASSWORD_MIN_LENGTH = 10;

/** Shared by the signup form, invitation acceptance and the CLI. */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, "password.tooShort")
  .max(128, "password.tooLong")
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), "password.needsLetterAndDigit")
  .refine((p) => !COMMON.has(p.toLowerCase()), "password.tooCommon");
