import Link from "next/link";
import { formatDate } from "@/components/challenges/StatusBadge";
import { Countdown } from "@/components/ui/Countdown";
import { DataTable } from "@/components/ui/DataTable";
import type { BlackBoxView } from "@/lib/blackboxes/lifecycle";

export function BoxList({ challengeSlug, boxes }: { challengeSlug: string; boxes: BlackBoxView[] }) {
  if (boxes.length === 0) return <p className="muted">No black boxes are open yet.</p>;
  return (
    <DataTable label="Black boxes" headers={["Black box", "Mode", "Status", "Events", "Closes", "Reveal"]}>
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
