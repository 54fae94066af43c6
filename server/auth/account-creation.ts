/**
 * Creating a login (brand signup, accepting an invitation as a new person) answers "this email
 * already has an account" when it does: that is an account-existence signal, so every attempt
 * counts against one budget per client address, shared by both flows.
 */
import type { Db } from "@/db/client";
import { withPlatform } from "@/db/tenant";
import { env } from "@/server/env";
import { enforceRateLimit } from "./rate-limit";

export const ACCOUNT_CREATION_LIMIT = { limit: env.SIGNUP_HOURLY_LIMIT_PER_IP, windowSeconds: 3600 } as const;

export async function limitAccountCreation(db: Db, ip: string, now?: Date) {
  await withPlatform(db, (tx) =>
    enforceRateLimit(
      tx,
      `account-create:ip:${ip}`,
      ACCOUNT_CREATION_LIMIT,
      "Too many sign-ups from this network. Try again later.",
      now,
    ),
  );
}
