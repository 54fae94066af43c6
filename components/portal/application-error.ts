/**
 * Turns a failed application into form-field messages and / or one alert, as keys under
 * `portal.errors`, from the codes and field keys the server sends.
 */
import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";

export type ApplicationErrorKey =
  | "nameRequired"
  | "regionRequired"
  | "fieldRequired"
  | "tooLong"
  | "inviterInvalid"
  | "alreadyApplied"
  | "applicationsClosed"
  | "signedOut"
  | "network"
  | "generic";

export interface ApplicationError {
  /** Input path (`name`, `region`, `fields.<key>`) → message key. */
  fields: Record<string, ApplicationErrorKey>;
  alert: ApplicationErrorKey | null;
  /** The member's status changed under the form (already applied, enrolment closed): re-read it. */
  refetchStatus: boolean;
}

const SERVER_KEYS: Record<string, ApplicationErrorKey> = {
  "name.required": "nameRequired",
  "region.required": "regionRequired",
  "field.required": "fieldRequired",
  "inviter.invalid": "inviterInvalid",
};

export function applicationError(e: unknown): ApplicationError {
  const none = { fields: {}, refetchStatus: false };
  if (!(e instanceof TRPCClientError)) return { ...none, alert: "network" };
  const data = (e as TRPCClientError<AppRouter>).data;
  if (!data) return { ...none, alert: "network" };
  switch (data.code) {
    case "BAD_REQUEST": {
      const fields: Record<string, ApplicationErrorKey> = {};
      let alert: ApplicationErrorKey | null = null;
      for (const [path, message] of Object.entries(data.fields ?? {})) {
        const key =
          SERVER_KEYS[message] ?? (/too_big|at most/i.test(message) ? "tooLong" : "generic");
        // The inviter is not a field the applicant typed: say so above the form.
        if (path === "inviterCode") alert = "inviterInvalid";
        else if (
          path === "name" ||
          path === "region" ||
          path === "note" ||
          path.startsWith("fields.")
        )
          fields[path] = key;
        else alert ??= key;
      }
      if (!alert && Object.keys(fields).length === 0) alert = "generic";
      return { fields, alert, refetchStatus: false };
    }
    case "CONFLICT":
      return { ...none, alert: "alreadyApplied", refetchStatus: true };
    case "PRECONDITION_FAILED":
      return { ...none, alert: "applicationsClosed", refetchStatus: true };
    case "UNAUTHORIZED":
      return { ...none, alert: "signedOut" };
    default:
      return { ...none, alert: "generic" };
  }
}
