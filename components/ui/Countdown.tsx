"use client";

import { useEffect, useState } from "react";

/**
 * "in 2 d 4 h", "in 3 h 05 min", "in 4 min 09 s", or "passed" for an instant `ms` milliseconds away.
 * @example countdownText(90_061_000) // "in 1 d 1 h"
 */
export function countdownText(ms: number): string {
  if (ms <= 0) return "passed";
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (d > 0) return `in ${d} d ${h} h`;
  if (h > 0) return `in ${h} h ${pad(m)} min`;
  return `in ${m} min ${pad(s % 60)} s`;
}

/**
 * A UTC date with a live countdown beside it, ticking every second in the browser. The server renders
 * the date alone (its clock is not the reader's), the countdown appears once mounted.
 */
export function Countdown({ at, label }: { at: Date | string | null | undefined; label?: string }) {
  const target = at ? new Date(at).getTime() : undefined;
  const [now, setNow] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (target === undefined) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [target]);
  if (target === undefined) return <>—</>;
  const iso = new Date(target).toISOString();
  return (
    <time dateTime={iso} title={label}>
      {iso.slice(0, 16).replace("T", " ")} UTC
      {now !== undefined && <span className="muted countdown"> ({countdownText(target - now)})</span>}
    </time>
  );
}
