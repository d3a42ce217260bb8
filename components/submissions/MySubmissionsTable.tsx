import Link from "next/link";
import type { MySubmission } from "@/lib/submissions/mine";
import { fmtTime } from "./format";
import { SubmissionCells } from "./TeamSubmissionsTable";

/** Every submission of the user's teams, newest first, across challenges and boxes. */
export function MySubmissionsTable({ rows }: { rows: MySubmission[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>My team's submissions</caption>
        <thead>
          <tr>
            <th scope="col">Submitted</th>
            <th scope="col">Black box</th>
            <th scope="col">Team</th>
            <th scope="col">Kind</th>
            <th scope="col">Method</th>
            <th scope="col">Status</th>
            <th scope="col">Result</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id} data-status={s.status}>
              <td>{fmtTime(s.createdAt)}</td>
              <td>
                <Link href={`/challenges/${s.challenge.slug}/boxes/${s.box}`}>{s.boxTitle}</Link>
                <div className="muted small">{s.challenge.title}</div>
              </td>
              <td>{s.team?.name ?? "—"}</td>
              <SubmissionCells s={s} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
