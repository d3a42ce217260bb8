import { type FieldIssue, InputError } from "@/core/errors";
import { errorChain, isConnectionError } from "@/lib/db/errors";

export type { FieldIssue };
/**
 * The one error type inside the app. The code decides the HTTP status and whether the message is
 * safe to show; API responses share the envelope `{ error: { code, message, details? } }`.
 */
export type ErrorCode =
  | "auth:unauthenticated"
  | "auth:forbidden"
  | "auth:cross_origin"
  | "auth:rate_limited"
  | "auth:invalid_credentials"
  | "token:invalid"
  | "token:revoked"
  | "validation"
  | "not_found"
  | "conflict"
  | "team:already_member"
  | "team:invite_invalid"
  | "quota:exceeded"
  | "upload:too_large"
  | "idempotency:bad_key"
  | "idempotency:key_reused"
  | "database_unavailable"
  | "storage_full"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  "auth:unauthenticated": 401,
  "auth:forbidden": 403,
  "auth:cross_origin": 403,
  "auth:rate_limited": 429,
  "auth:invalid_credentials": 401,
  "token:invalid": 401,
  "token:revoked": 401,
  validation: 422,
  not_found: 404,
  conflict: 409,
  "team:already_member": 409,
  "team:invite_invalid": 404,
  "quota:exceeded": 429,
  "upload:too_large": 413,
  "idempotency:bad_key": 400,
  "idempotency:key_reused": 409,
  database_unavailable: 503,
  storage_full: 507,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: { fields?: FieldIssue[] } & Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: AppError["details"]) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const unauthenticated = () =>
  new AppError("auth:unauthenticated", "Sign in, or send an API token as 'Authorization: Bearer <token>'.");
export const forbidden = (what: string) => new AppError("auth:forbidden", `You are not allowed to ${what}.`);
export const notFound = (what: string) => new AppError("not_found", `${what} not found.`);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Seconds a client should wait before retrying a `database_unavailable` (the Retry-After header). */
export const DB_RETRY_AFTER_SECONDS = 5;

export const databaseUnavailable = () =>
  new AppError(
    "database_unavailable",
    "The database is unreachable; nothing was stored. Retry in a few seconds.",
  );
export const storageFull = () =>
  new AppError("storage_full", "The server's storage is full; nothing was stored. Tell the organizers.");

/**
 * A statement or lock timeout of a request (57014 query_canceled by statement_timeout, 55P03
 * lock_not_available by lock_timeout): on the web's short limits these mean the database is not
 * answering in time, so they are answered like an unreachable one (lib/db/errors.ts has the rest).
 */
const WEB_TIMEOUT_STATES = new Set(["57014", "55P03"]);
const DISK_CODES = new Set(["ENOSPC", "EDQUOT"]);

/**
 * The AppError an infrastructure failure stands for, or undefined: a database that cannot be
 * reached (or went away mid-request) → `database_unavailable` (503); a full disk or quota while
 * writing → `storage_full` (507). Looks through `cause` (drizzle wraps the driver's error in a
 * DrizzleQueryError whose message holds the SQL and its parameters — never shown).
 */
export function infrastructureError(e: unknown): AppError | undefined {
  const chain = errorChain(e);
  const code = (x: unknown) => (x as { code?: unknown }).code;
  if (chain.some((x) => DISK_CODES.has(code(x) as string))) return storageFull();
  if (isConnectionError(e) || chain.some((x) => WEB_TIMEOUT_STATES.has(code(x) as string)))
    return databaseUnavailable();
  return undefined;
}

/**
 * Bad input found below lib/ (core/, scorer/, blackboxes/ throw InputError, which knows no HTTP) as
 * the app's `validation` error (422): the message as it is, its machine code as `details.reason`.
 *
 * @example
 * fromInputError(new ScoreFileError("upload:nan", "s.npy: row 3 is NaN", { row: 3 })).details;
 * // → { reason: "upload:nan", row: 3 }
 */
export function fromInputError(e: InputError): AppError {
  return new AppError("validation", e.message, e.reason ? { reason: e.reason, ...e.details } : e.details);
}

/**
 * `fn()`, with its bad input (an InputError from below lib/) thrown as the app's `validation` error:
 * for domain functions whose callers test for AppError codes.
 *
 * @example
 * appInput(() => parseGeneratorSpec(spec)); // throws AppError("validation") naming the bad field
 */
export function appInput<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw e instanceof InputError ? fromInputError(e) : e;
  }
}

/**
 * An AppError as it is; bad input from below lib/ as `validation`; an infrastructure failure as its
 * AppError; anything else unchanged.
 */
export function classifyError(e: unknown): unknown {
  if (isAppError(e)) return e;
  if (e instanceof InputError) return fromInputError(e);
  return infrastructureError(e) ?? e;
}

/** Public envelope for an error; unknown errors never leak their message. */
export function errorBody(e: unknown): { status: number; body: { error: Record<string, unknown> } } {
  e = classifyError(e);
  if (isAppError(e)) {
    const error: Record<string, unknown> = { code: e.code, message: e.message };
    if (e.details) error.details = e.details;
    return { status: e.status, body: { error } };
  }
  return {
    status: 500,
    body: { error: { code: "internal", message: "Internal error. The server log has the details." } },
  };
}

/**
 * An unexpected error for the server log: message and stack, with the bound values of failed SQL
 * queries cut off (drizzle puts them in the message: they may be hashes, emails or tokens).
 */
export function describeForLog(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? `\ncaused by: ${scrubSqlParams(e.cause.message)}` : "";
  return scrubSqlParams(e.stack ?? e.message) + cause;
}

/** Drop the bound values drizzle appends to a failed query's message ("params: …"). */
export function scrubSqlParams(text: string): string {
  return text.replace(/\nparams: [^\n]*/g, "\nparams: [redacted]");
}
