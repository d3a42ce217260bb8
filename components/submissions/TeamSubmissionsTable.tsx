import Link from "next/link";
import type { SubmissionListView } from "@/lib/submissions/views";
import { fmtTime, type Jsonified, KIND_LABEL, primaryNumbers, type Summarizable } from "./format";
import { SubmissionStatus } from "./SubmissionStatus";

export type SubmissionJson = Jsonified<SubmissionListView>;

/** The team's submissions to one box, newest first; failed rows carry their reason. */
export function TeamSubmissionsTable({ submissions }: { submissions: SubmissionJson[] }) {
  if (submissions.length === 0) return <p className="muted">Your team has not submitted to this box yet.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>Your team's submissions</caption>
        <thead>
          <tr>
            <th scope="col">Submitted</th>
            <th scope="col">Kind</th>
            <th scope="col">Method</th>
            <th scope="col">Status</th>
            <th scope="col">Result</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {submissions.map((s) => (
            <tr key={s.id} data-status={s.status}>
              <td>{fmtTime(s.createdAt)}</td>
              <SubmissionCells s={s} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The cells both submission tables share: kind, method, status (with the failure's reason), the
 * headline numbers and the link to the detail page.
 */
export function SubmissionCells({
  s,
}: {
  s: Summarizable & { id: string; method: string; error?: Record<string, unknown> | null };
}) {
  return (
    <>
      <td>{KIND_LABEL[s.kind] ?? s.kind}</td>
      <td>{s.method || <span className="muted">—</span>}</td>
      <td className="status" data-testid="submission-status">
        <SubmissionStatus status={s.status} />
        {s.status === "failed" && s.error && (
          <div className="error small">{String(s.error.message ?? "Scoring failed.")}</div>
        )}
      </td>
      <td>{primaryNumbers(s)}</td>
      <td>
        <Link href={`/submissions/${s.id}`}>View</Link>
      </td>
    </>
  );
}
