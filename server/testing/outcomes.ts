/**
 * How a call under test ended, for asserting refusals. Kept apart from fixtures.ts so unit
 * tests can use it without loading the database and the tRPC router.
 */
import { TRPCError } from "@trpc/server";
import { AppError } from "@/server/errors";

/** "ok", or the code of the AppError / TRPCError it was refused with (else the error's text). */
export const outcomeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof AppError || e instanceof TRPCError ? e.code : String(e)),
  );

async function refusal<E>(p: Promise<unknown>, is: (e: unknown) => e is E, what: string): Promise<E> {
  try {
    await p;
  } catch (e) {
    if (is(e)) return e;
    throw e;
  }
  throw new Error(`expected ${what}`);
}

/** The AppError `p` was refused with; fails the test if it resolved or threw something else. */
export const appErrorOf = (p: Promise<unknown>) =>
  refusal(p, (e): e is AppError => e instanceof AppError, "an AppError");

/** The TRPCError `p` was refused with; fails the test if it resolved or threw something else. */
export const trpcErrorOf = (p: Promise<unknown>) =>
  refusal(p, (e): e is TRPCError => e instanceof TRPCError, "a TRPCError");
