import type { Metadata } from "next";
import Link from "next/link";
import { SignInForm } from "@/components/auth/SignInForm";
import { externalProviders } from "@/lib/auth/options";
import { safeCallbackUrl } from "@/lib/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  EmailRequired: "Your identity provider did not share an email address, which Anomaly Arena needs.",
  OAuthSignin: "Could not start sign-in with the provider.",
  OAuthCallback: "The provider's answer could not be checked; try again.",
  AccessDenied: "Sign-in was refused.",
  AccountExists:
    "An account with this email exists already and your provider did not confirm the address. Sign in with your email and password.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const callbackUrl = safeCallbackUrl(sp.callbackUrl);
  const error = typeof sp.error === "string" ? (ERRORS[sp.error] ?? "Sign-in failed; try again.") : null;
  return (
    <>
      <h1>Sign in</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <SignInForm callbackUrl={callbackUrl} providers={externalProviders()} />
      <p>
        No account yet? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign up</Link>
      </p>
    </>
  );
}
