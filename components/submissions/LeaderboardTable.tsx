import Link from "next/link";
import type { LeaderboardRow, Ranking } from "@/lib/db/json-metrics";
import { fmtTime } from "./format";
import { columnsFor } from "./leaderboard-columns";

/**
 * One leaderboard (SCORING §5): ranked team rows, then the baselines, which take no rank. Styled
 * `table.leaderboard` (app/globals.css) to fit the 1100 px page with all 11 columns of a box with
 * truth; on a narrower screen it scrolls inside its wrapper, never the page.
 */
export function LeaderboardTable({ ranking, rows }: { ranking: Ranking; rows: LeaderboardRow[] }) {
  const cols = columnsFor(ranking.key, rows);
  return (
    <div className="table-wrap">
      <table className="leaderboard">
        <caption>Leaderboard</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Team</th>
            <th scope="col" className="method">
              Method
            </th>
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
              <th scope="row" className="team">
                <Link href={`/submissions/${r.submissionId}`}>
                  {r.team?.name ?? (r.baseline ? `Baseline: ${r.baseline}` : "—")}
                </Link>
              </th>
              <td className="method">{r.method || <span className="muted">—</span>}</td>
              {cols.map((c) => (
                <td key={c.key} className={c.key === ranking.key ? "primary num" : "num"}>
                  {c.key in r.values ? c.show(r.values) : "—"}
                </td>
              ))}
              <td className="num">{r.baseline ? "—" : r.submissions}</td>
              <td className="when">
                <SubmittedAt iso={r.submittedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "2026-03-01" over "12:34 UTC": the date and time of fmtTime on two lines, to keep the column narrow. */
function SubmittedAt({ iso }: { iso: string }) {
  const text = fmtTime(iso);
  const [date, ...time] = text.split(" ");
  return (
    <time dateTime={iso}>
      {date}
      {time.length > 0 && (
        <>
          {" "}
          <br />
          {time.join(" ")}
        </>
      )}
    </time>
  );
}
