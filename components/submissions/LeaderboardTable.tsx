import Link from "next/link";
import type { LeaderboardRow, Ranking } from "@/lib/submissions/leaderboard";
import { fmtTime } from "./format";
import { columnsFor } from "./leaderboard-columns";

/** One leaderboard (SCORING §5): ranked team rows, then the baselines, which take no rank. */
export function LeaderboardTable({ ranking, rows }: { ranking: Ranking; rows: LeaderboardRow[] }) {
  const cols = columnsFor(ranking.key, rows);
  return (
    <div className="table-wrap">
      <table>
        <caption>Leaderboard</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Team</th>
            <th scope="col">Method</th>
            {cols.map((c) => (
              <th key={c.key} scope="col" className={c.key === ranking.key ? "primary" : undefined}>
                {c.key === ranking.key ? ranking.label : c.label}
              </th>
            ))}
            <th scope="col">Submissions</th>
            <th scope="col">Submitted</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={cols.length + 5} className="muted">
                No scored submissions yet.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.submissionId} className={r.baseline ? "baseline" : undefined}>
              <td>{r.baseline ? <span className="badge baseline">baseline</span> : (r.rank ?? "—")}</td>
              <th scope="row">
                <Link href={`/submissions/${r.submissionId}`}>
                  {r.team?.name ?? (r.baseline ? `Baseline: ${r.baseline}` : "—")}
                </Link>
              </th>
              <td>{r.method || <span className="muted">—</span>}</td>
              {cols.map((c) => (
                <td key={c.key} className={c.key === ranking.key ? "primary num" : "num"}>
                  {c.key in r.values ? c.show(r.values) : "—"}
                </td>
              ))}
              <td className="num">{r.baseline ? "—" : r.submissions}</td>
              <td>{fmtTime(r.submittedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
