"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { signUpAction } from "@/app/(auth)/actions";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<{ message: string; fields?: Record<string, string> } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signUpAction(form);
    if (!res.ok) {
      setPending(false);
      setError({ message: res.message, fields: res.fields });
      return;
    }
    const signed = await signIn("credentials", {
      email: String(form.get("email")),
      password: String(form.get("password")),
      redirect: false,
    });
    setPending(false);
    if (!signed || signed.error) {
      // Also what someone sees who signs up with an email that has an account already (and another
      // password): the sign-up answer itself never says whether the email was taken.
      setError({
        message:
          "We could not sign you in. If you already have an account with this email, sign in with its password on the sign-in page.",
      });
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <label>
        Name <span className="hint">shown to your team and on leaderboards</span>
        <input name="name" autoComplete="name" required maxLength={100} />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <label>
        Password <span className="hint">at least 10 characters</span>
        <input name="password" type="password" autoComplete="new-password" required minLength={10} />
      </label>
      <div className="row">
        <button type="submit" disabled={pending}>
          {pending ? "Creating account…" : "Create account"}
        </button>
      </div>
      <div aria-live="polite">
        {error && (
          <div role="alert" className="error">
            <p>{error.message}</p>
            {error.fields && (
              <ul>
                {Object.entries(error.fields).map(([f, m]) => (
                  <li key={f}>
                    <strong>{f}</strong> {m}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </form>
  );
}
