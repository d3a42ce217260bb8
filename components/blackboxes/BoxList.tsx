import Link from "next/link";
import { formatDate } from "@/components/challenges/StatusBadge";
import { Countdown } from "@/components/ui/Countdown";
import { DataTable } from "@/components/ui/DataTable";
import type { BlackBoxView } from "@/lib/blackboxes/lifecycle";

export function BoxList({
  challengeSlug,
  boxes,
  label = "Black boxes",
  empty = "No black boxes are open yet.",
}: {
  challengeSlug: string;
  boxes: BlackBoxView[];
  label?: string;
  /** What an empty list says. */
  empty?: string;
}) {
  if (boxes.length === 0) return <p className="muted">{empty}</p>;
  return (
    <DataTable label={label} headers={["Black box", "Mode", "Status", "Events", "Closes", "Reveal"]}>
      {boxes.map((b) => (
        <tr key={b.id}>
          <td>
            <Link href={`/challenges/${challengeSlug}/boxes/${b.slug}`}>{b.title}</Link>
          </td>
          <td>{b.mode}</td>
          <td>
            <span className={`badge ${b.status}`}>{b.status}</span>
          </td>
          <td>{b.eventCount?.toLocaleString("en-US") ?? "—"}</td>
          <td>
            {b.status === "open" ? <Countdown at={b.closesAt} label="closes" /> : formatDate(b.closesAt)}
          </td>
          <td>{b.revealedAt ? formatDate(b.revealedAt) : <Countdown at={b.revealAt} label="reveal" />}</td>
        </tr>
      ))}
    </DataTable>
  );
}
