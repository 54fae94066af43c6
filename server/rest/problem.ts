/**
 * RFC 9457 problem+json: `{type, title, status, detail, code, errors?}`. `title` is the status
 * phrase, `detail` says in plain English what went wrong, `code` is AppError's code, and
 * `errors` maps each bad field's JSON path (`items.0.amountFen`) to a stable machine key.
 * Validation keys are derived from the kind of zod issue, never from zod's message text, so
 * integrators can switch on them; anything that is not ours becomes a generic 500.
 */
import { STATUS_CODES } from "node:http";
import { ZodError, type core } from "zod";
import { APP_ERROR_HTTP, isAppError, type AppErrorCode } from "@/server/errors";

export const PROBLEM_JSON = "application/problem+json";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: AppErrorCode | "INTERNAL";
  errors?: Record<string, string>;
}

export function problemBody(code: AppErrorCode | "INTERNAL", detail: string, errors?: Record<string, string>): Problem {
  const status = code === "INTERNAL" ? 500 : APP_ERROR_HTTP[code];
  return {
    type: "about:blank",
    title: STATUS_CODES[status] ?? "Error",
    status,
    detail,
    code,
    ...(errors && Object.keys(errors).length ? { errors } : {}),
  };
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  const res = new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": PROBLEM_JSON, "cache-control": "no-store", ...headers },
  });
  return res;
}

/** The one place an error becomes a response. Unknown errors are logged, not described. */
export function errorResponse(e: unknown): Response {
  if (isAppError(e)) {
    const headers: Record<string, string> = {};
    if (e.retryAfterSeconds) headers["retry-after"] = String(e.retryAfterSeconds);
    if (e.code === "UNAUTHORIZED") headers["www-authenticate"] = 'Bearer realm="fenxiao"';
    // The client may still be sending a body we will not read: close rather than drain it.
    if (e.code === "PAYLOAD_TOO_LARGE" || e.code === "REQUEST_TIMEOUT") headers.connection = "close";
    return problemResponse(problemBody(e.code, e.message, restFields(e.fields)), headers);
  }
  // A service validated its own input (schema.parse) and refused it. Without the input, an
  // absent field reads as invalid_type rather than required; routes validate first anyway.
  if (e instanceof ZodError) return problemResponse(validationProblem(e.issues));
  console.error("REST error:", e);
  return problemResponse(problemBody("INTERNAL", "Internal error. Please retry; contact support if it persists."));
}

/** The keys `errors` may carry: what README's API section lists, and nothing else. */
export const REST_FIELD_KEYS = [
  "required",
  "invalid_type",
  "too_small",
  "too_big",
  "invalid_format",
  "not_multiple_of",
  "invalid_value",
  "unrecognized_key",
  "not_found",
  "taken",
  "invalid_transition",
  "invalid_json",
  "invalid_encoding",
  "reused",
  "in_progress",
  "nothing_to_decide",
  "exceeds_remaining",
  "duplicate",
  // Payouts made outside (issue 9 item 7).
  "exceeds_available",
  "arrears_outstanding",
  "in_future",
  // Withdrawals (issue 9 items 2–3): the distributor is not active; the same staff member
  // cannot give both approvals; the fee and tax would exceed the amount.
  "not_active",
  "same_approver",
  "net_negative",
] as const;
const STABLE = new Set<string>(REST_FIELD_KEYS);

/**
 * Services name field problems with the console's message keys ("level.nameTaken": the form
 * translates it); the API contract has its own small vocabulary. Each console key a service can
 * throw is mapped here (a test scans the services for new ones); anything else is invalid_value.
 */
export const CONSOLE_TO_REST_KEY: Record<string, (typeof REST_FIELD_KEYS)[number]> = {
  "level.nameTaken": "taken",
  "level.rankTaken": "taken",
  "sku.taken": "taken",
  "slug.taken": "taken",
  "email.taken": "taken",
  "email.takenInvite": "taken",
  "email.alreadyStaff": "taken",
  "phone.alreadyDistributor": "taken",
  "levels.unknown": "not_found",
  "level.invalid": "not_found",
  "level.notFound": "not_found",
  "token.invalid": "invalid_value",
  "distributorCode.notFound": "not_found",
  "product.notFound": "not_found",
  "inviter.invalid": "not_found",
  "reason.required": "required",
  "landing.missing": "required",
  "phone.invalid": "invalid_format",
  "reparent.self": "invalid_value",
  "reparent.loop": "invalid_value",
  incomplete: "required",
  // The kyc service's generic "this field is not acceptable" (e.g. a reason out of bounds).
  invalid: "invalid_value",
  // Payouts (issue 9 item 4, bank batches): console-only today, mapped so an API route reusing them is stable.
  too_many: "too_big",
  not_exportable: "not_found",
  none_exportable: "nothing_to_decide",
  no_bank_card: "required",
  unreadable: "invalid_format",
  no_header: "invalid_format",
  empty: "required",
  // Risk control (issue 10): a blacklist expiry already past; self_purchase is the program's setting.
  in_past: "invalid_value",
  governed_by_program: "invalid_value",
  // Blacklist and employee CSV imports (issues 10, 12): console-only files today.
  missing_columns: "invalid_format",
  too_many_rows: "too_big",
  "employees.departmentMissing": "required",
  // Compliance report periods and month closes (issues 11, 12).
  "period.invalid": "invalid_value",
  "month.invalid": "invalid_format",
  "month.notEnded": "in_future",
  // Webhook endpoints (issue 11): a target that resolves to a refused address; an unknown event.
  webhook_target_refused: "invalid_value",
  unknown_event_type: "invalid_value",
};

export function restFieldKey(key: string): string {
  return STABLE.has(key) ? key : (CONSOLE_TO_REST_KEY[key] ?? "invalid_value");
}

function restFields(fields: Record<string, string> | undefined) {
  return fields && Object.fromEntries(Object.entries(fields).map(([field, key]) => [field, restFieldKey(key)]));
}

type Issue = core.$ZodIssue;

/** The JSON path of an issue: `items.0.amountFen`; the whole body is `body`. */
function pathOf(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join(".") : "body";
}

/**
 * Whether the value at the issue's path is absent from the input. Zod's issues do not carry the
 * input (unless asked to report it), so it is looked up in the input the caller validated.
 */
function isMissing(issue: Issue, input: unknown) {
  if (issue.code === "unrecognized_keys" || input === undefined) return false;
  let v: unknown = input;
  for (const key of issue.path) {
    if (v === null || typeof v !== "object") return true;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v === undefined;
}

/** The stable machine key of one issue; `input` is what was validated. */
export function issueKey(issue: Issue, input?: unknown): string {
  if (issue.code === "custom") {
    const key = (issue.params as { key?: unknown } | undefined)?.key;
    if (typeof key === "string") return key;
  }
  // Whatever the rule (a type, an enum, a union), an absent field is simply required.
  if (isMissing(issue, input)) return "required";
  switch (issue.code) {
    case "invalid_type":
    case "too_small":
    case "too_big":
    case "invalid_format":
    case "not_multiple_of":
    case "invalid_value":
      return issue.code;
    case "unrecognized_keys":
      return "unrecognized_key";
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
      return "invalid_value";
    case "custom":
      return "invalid_value";
  }
}

/** "3", "3 characters", "1 item": a bound with the unit of what it bounds. */
function bound(n: number | bigint, origin: string | undefined) {
  const unit = origin === "string" ? "character" : origin === "array" || origin === "set" ? "item" : "";
  return unit ? `${String(n)} ${unit}${n === 1 ? "" : "s"}` : String(n);
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** Plain English for one issue, written from its data (not zod's message). */
function sentence(field: string, issue: Issue, input: unknown): string {
  const text = issue.code === "custom" ? (issue.params as { detail?: unknown } | undefined)?.detail : undefined;
  if (typeof text === "string") return `${field} ${text}`;
  if (isMissing(issue, input)) return `${field} is required`;
  switch (issue.code) {
    case "invalid_type":
      return `${field} must be ${article(issue.expected === "int" ? "integer" : issue.expected)}`;
    // An exclusive bound (z.number().positive(), exclusiveMinimum in the document) is not "at least".
    case "too_small":
      return `${field} must be ${issue.inclusive === false ? "more than" : "at least"} ${bound(issue.minimum, issue.origin)}`;
    case "too_big":
      return `${field} must be ${issue.inclusive === false ? "less than" : "at most"} ${bound(issue.maximum, issue.origin)}`;
    case "invalid_format":
      return `${field} is not a valid ${issue.format}`;
    case "not_multiple_of":
      return `${field} must be a multiple of ${String(issue.divisor)}`;
    case "invalid_value":
      return `${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return `${field} is not valid`;
  }
}

/** errors + detail for a failed validation; unknown keys are named one by one. */
export function validationErrors(issues: readonly Issue[], input?: unknown) {
  const errors: Record<string, string> = {};
  const sentences: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const field = pathOf([...issue.path, key]);
        if (errors[field]) continue;
        errors[field] = "unrecognized_key";
        sentences.push(`${field} is not a known field`);
      }
      continue;
    }
    const field = pathOf(issue.path);
    if (errors[field]) continue;
    errors[field] = issueKey(issue, input);
    sentences.push(sentence(field, issue, input));
  }
  return { errors, detail: `The request is not valid: ${sentences.join("; ")}.` };
}

export function validationProblem(issues: readonly Issue[], input?: unknown): Problem {
  const { errors, detail } = validationErrors(issues, input);
  return problemBody("BAD_REQUEST", detail, errors);
}
