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
  internal: 500,
};

export type FieldIssue = { field: string; message: string };

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

/** Public envelope for an error; unknown errors never leak their message. */
export function errorBody(e: unknown): { status: number; body: { error: Record<string, unknown> } } {
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
