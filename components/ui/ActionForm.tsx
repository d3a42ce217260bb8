"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useActionState, useEffect, useTransition } from "react";
import type { ActionResult } from "@/lib/actions";

type Action<T> = (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/**
 * A form bound to a server action: shows the error message and each invalid field, disables the
 * button while pending, and on success either navigates (`redirectTo` in the result) or renders
 * `success`.
 */
export function ActionForm<T>({
  action,
  submitLabel,
  children,
  success,
  className = "stack",
  danger = false,
  keepValues = false,
}: {
  action: Action<T>;
  submitLabel: string;
  children?: ReactNode;
  success?: (data: T) => ReactNode;
  className?: string;
  danger?: boolean;
  /**
   * Keep what was typed after the action ran (React resets a form's uncontrolled fields after its
   * action): for forms that are submitted again with small changes, such as a preview.
   */
  keepValues?: boolean;
}) {
  const [state, formAction, pending] = useActionState<ActionResult<T> | null, FormData>(action, null);
  const [, startTransition] = useTransition();
  // Dispatching the action ourselves (not through the form's action) leaves the fields as they are.
  const keep = keepValues
    ? (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => formAction(data));
      }
    : undefined;
  const router = useRouter();
  const redirectTo = state?.ok ? (state.data as { redirectTo?: string } | undefined)?.redirectTo : undefined;
  useEffect(() => {
    if (redirectTo) router.push(redirectTo);
    else if (state?.ok) router.refresh();
  }, [state, redirectTo, router]);
  return (
    <form action={formAction} onSubmit={keep} className={className} noValidate>
      {children}
      <div className="row">
        <button type="submit" disabled={pending} className={danger ? "danger" : undefined}>
          {pending ? "Working…" : submitLabel}
        </button>
      </div>
      <div aria-live="polite">
        {state && !state.ok && (
          <div role="alert" className="error">
            <p>{state.message}</p>
            {state.fields && Object.keys(state.fields).length > 0 && (
              <ul>
                {Object.entries(state.fields).map(([f, m]) => (
                  <li key={f}>
                    <strong>{f}</strong> {m}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {state?.ok && success && !redirectTo && success(state.data)}
      </div>
    </form>
  );
}
