/** A submission's status as a badge: queued → scoring → scored, or failed. */
export function SubmissionStatus({ status }: { status: string }) {
  return <span className={`badge sub-${status}`}>{status}</span>;
}
