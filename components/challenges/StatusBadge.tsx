import type { ChallengeStatus } from "@/lib/db/schema";

export function StatusBadge({ status }: { status: ChallengeStatus }) {
  return <span className={`badge ${status}`}>{status}</span>;
}

export function formatDate(d: Date | null | undefined): string {
  return d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";
}
