/**
 * Turns a failed portal request into a message key under `portal.errors` (plus the values it
 * needs), and says which field it belongs to, from the codes our errorFormatter adds.
 */
import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";

export interface PortalErrorMessage {
  key:
    | "invalidPhone"
    | "invalidCode"
    | "wrongCode"
    | "tooManyAttempts"
    | "rateLimitedSeconds"
    | "rateLimitedMinutes"
    | "smsUnavailable"
    | "brandNotFound"
    | "signedOut"
    | "network"
    | "generic";
  values?: Record<string, number>;
  field?: "phone" | "code";
  /** Seconds until a new request may succeed, when the server said so. */
  retryAfterSeconds?: number;
}

export function portalError(e: unknown): PortalErrorMessage {
  if (!(e instanceof TRPCClientError)) return { key: "network" };
  const data = (e as TRPCClientError<AppRouter>).data;
  if (!data) return { key: "network" };
  switch (data.code) {
    case "BAD_REQUEST":
      if (data.fields?.phone) return { key: "invalidPhone", field: "phone" };
      if (data.fields?.code) return { key: "invalidCode", field: "code" };
      return { key: "generic" };
    case "UNAUTHORIZED":
      return { key: "wrongCode", field: "code" };
    case "TOO_MANY_REQUESTS": {
      const seconds = data.retryAfterSeconds;
      // Without a wait, the limit is the code's wrong-attempt budget: a new code is the way on.
      if (!seconds) return { key: "tooManyAttempts", field: "code" };
      return seconds <= 120
        ? { key: "rateLimitedSeconds", values: { seconds }, retryAfterSeconds: seconds }
        : {
            key: "rateLimitedMinutes",
            values: { minutes: Math.ceil(seconds / 60) },
            retryAfterSeconds: seconds,
          };
    }
    case "SERVICE_UNAVAILABLE":
      return { key: "smsUnavailable" };
    case "NOT_FOUND":
      return { key: "brandNotFound" };
    default:
      return { key: "generic" };
  }
}

/** A sign-out (or any distributor call) that found no session. */
export function isSignedOutError(e: unknown): boolean {
  return (
    e instanceof TRPCClientError && (e as TRPCClientError<AppRouter>).data?.code === "UNAUTHORIZED"
  );
}
