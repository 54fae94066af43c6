/**
 * Transactions Postgres aborted for a reason a retry normally cures (a deadlock, a serialization
 * failure). The whole transaction rolled back, so running it again is safe for any transaction
 * that decides from what it reads: the REST layer's (server/rest/tenant.ts) and the settlement
 * sweep's chunks (server/settlement/run.ts).
 */

/** Postgres gave up on the transaction for a reason that a retry normally cures. */
export function isTransient(e: unknown): boolean {
  for (let cur = e as { code?: string; cause?: unknown } | undefined, i = 0; cur && i < 5; cur = cur.cause as typeof cur, i++) {
    // deadlock_detected, serialization_failure
    if (cur.code === "40P01" || cur.code === "40001") return true;
  }
  return false;
}

/** Runs a whole transaction again when Postgres aborted it transiently (`attempts` in all). */
export async function retryTransient<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= attempts || !isTransient(e)) throw e;
    }
  }
}
