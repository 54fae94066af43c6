/**
 * The one error type services throw. Each code maps once to a tRPC code (server/api/trpc.ts)
 * and an HTTP status for problem+json (server/rest). Database errors never reach a client.
 */
export const APP_ERROR_HTTP = {
  /** Input failed validation; `fields` says which. */
  BAD_REQUEST: 400,
  /** Not signed in, or the session / API key is not valid. */
  UNAUTHORIZED: 401,
  /** Signed in, but the role lacks the permission. */
  FORBIDDEN: 403,
  /** The thing does not exist in this brand (also for other brands' ids: no existence leak). */
  NOT_FOUND: 404,
  /** Conflicts with existing state (duplicate slug / email, already accepted, …). */
  CONFLICT: 409,
  /** A precondition of the business rules is not met (e.g. the last owner cannot leave). */
  PRECONDITION_FAILED: 412,
  /** The request body did not arrive within the read deadline (a stalled or slow client). */
  REQUEST_TIMEOUT: 408,
  /** The request body is larger than the endpoint accepts. */
  PAYLOAD_TOO_LARGE: 413,
  /** The request body is not in a format the endpoint reads (JSON, for the public API). */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /**
   * A business rule refuses an otherwise valid request: every field is well-formed, but what it
   * names cannot be used (an unknown upline code, a refund above what is left of a line).
   */
  UNPROCESSABLE: 422,
  /** Throttled: too many attempts; `retryAfterSeconds` says when to try again. */
  TOO_MANY_REQUESTS: 429,
  /** A configured dependency (e.g. SMS provider) is missing or failing. */
  SERVICE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_HTTP;

export interface AppErrorOptions {
  /** Field-level messages (keys are input paths) for forms. */
  fields?: Record<string, string>;
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields?: Record<string, string>;
  readonly retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message: string, opts: AppErrorOptions = {}) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.fields = opts.fields;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  get httpStatus(): number {
    return APP_ERROR_HTTP[this.code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Postgres unique_violation on a named constraint, for turning races into CONFLICTs. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const err = cur as { code?: string; constraint?: string; constraint_name?: string };
    if (err.code === "23505") {
      const name = err.constraint ?? err.constraint_name;
      return constraint === undefined || name === constraint;
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
