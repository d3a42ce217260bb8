"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { authPageHref } from "@/lib/safe-redirect";

function Links({ pathname, search }: { pathname: string; search: string }) {
  return (
    <>
      <Link href={authPageHref("/signin", pathname, search)}>Sign in</Link>
      <Link href={authPageHref("/signup", pathname, search)}>Sign up</Link>
    </>
  );
}

function CurrentLinks() {
  return <Links pathname={usePathname() ?? "/"} search={useSearchParams()?.toString() ?? ""} />;
}

/**
 * The header's "Sign in" and "Sign up" links, which bring the reader back to the page they were on
 * (its path and query) once signed in. Reading the query needs a Suspense boundary in Next: until
 * it resolves, the links carry the path alone.
 */
export function AuthLinks() {
  return (
    <Suspense fallback={<PathOnlyLinks />}>
      <CurrentLinks />
    </Suspense>
  );
}

function PathOnlyLinks() {
  return <Links pathname={usePathname() ?? "/"} search="" />;
}
