import "server-only";
import { isInputError } from "@/core/errors";
import { classifyError, describeForLog, isAppError } from "@/lib/errors";

export type ActionResult<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; message: string; fields?: Record<string, string> };

/**
 * Run a server action body; AppErrors (and database outages, a full disk: errors.ts
 * `infrastructureError`) become a shown message (and per-field messages).
 */
export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (thrown) {
    // A database outage or a full disk is said as such (and still logged), not as "something went wrong".
    const e = classifyError(thrown);
    if (e !== thrown && !isInputError(thrown)) console.error(`[action] ${describeForLog(thrown)}`);
    if (isAppError(e)) {
      const fields = Object.fromEntries((e.details?.fields ?? []).map((f) => [f.field, f.message]));
      return { ok: false, message: e.message, fields };
    }
    console.error(`[action] ${describeForLog(e)}`);
    return { ok: false, message: "Something went wrong on the server; try again." };
  }
}

/** FormData → plain object of its string fields (files are not handled by these forms). */
export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}
