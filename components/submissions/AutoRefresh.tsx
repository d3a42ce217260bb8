"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-render the server page every `ms` while mounted (a submission that is queued or scoring). */
export function AutoRefresh({ ms = 1500 }: { ms?: number }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => router.refresh(), ms);
    return () => clearInterval(t);
  }, [router, ms]);
  return (
    <p className="muted" aria-live="polite">
      Scoring is under way; this page updates by itself.
    </p>
  );
}
