/**
 * Reads the fields our tRPC errorFormatter adds (server/api/trpc.ts) from a client error, so
 * forms can show field messages (i18n keys) and a translated summary.
 */
import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";

export interface ErrorInfo {
  /** tRPC code (BAD_REQUEST, FORBIDDEN, …) or null when the request never reached the server. */
  code: string | null;
  appCode: string | null;
  /** Field path → i18n key (or a plain message). */
  fields: Record<string, string> | null;
  retryAfterSeconds: number | null;
  message: string;
}

export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof TRPCClientError) {
    const data = (e as TRPCClientError<AppRouter>).data;
    return {
      code: data?.code ?? null,
      appCode: data?.appCode ?? null,
      fields: data?.fields ?? null,
      retryAfterSeconds: data?.retryAfterSeconds ?? null,
      message: e.message,
    };
  }
  return {
    code: null,
    appCode: null,
    fields: null,
    retryAfterSeconds: null,
    message: e instanceof Error ? e.message : String(e),
  };
}

/**
 * Puts server field errors on the form's fields (messages stay i18n keys; the form translates
 * when rendering). Returns true when at least one field matched.
 */
export function applyFieldErrors<Name extends string>(
  e: unknown,
  names: readonly Name[],
  setError: (name: Name, error: { type: string; message: string }, opts?: { shouldFocus: boolean }) => void,
): boolean {
  const { fields } = errorInfo(e);
  if (!fields) return false;
  let first = true;
  let any = false;
  for (const [path, message] of Object.entries(fields)) {
    const name = names.find((n) => n === path);
    if (!name) continue;
    setError(name, { type: "server", message }, { shouldFocus: first });
    first = false;
    any = true;
  }
  return any;
}
