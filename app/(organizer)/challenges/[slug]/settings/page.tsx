import type { Metadata } from "next";
import Link from "next/link";
import { formatDate } from "@/components/challenges/StatusBadge";
import {
  ArchiveBoxForm,
  BuildBoxForm,
  CreateBoxForm,
  DeleteBoxForm,
  RefreshWhileBuilding,
  TransitionBoxForm,
} from "@/components/organizer/BoxForms";
import { BuildCheckPanel } from "@/components/organizer/BuildCheckPanel";
import { PreviewForm } from "@/components/organizer/PreviewPanel";
import {
  AddOrganizerForm,
  EditChallengeForm,
  RemoveOrganizerForm,
} from "@/components/organizer/ChallengeForms";
import { listAuditEntries } from "@/lib/audit";
import { builtinBoxes } from "@/lib/blackboxes/builtin";
import { listBlackBoxes } from "@/lib/blackboxes/lifecycle";
import { deadJobsOfChallenge } from "@/lib/jobs/dead";
import { activeBaselineJobs, getJob } from "@/lib/jobs/queue";
import { listOrganizers } from "@/lib/challenges";
import { DataTable } from "@/components/ui/DataTable";
import { organizerPage } from "@/lib/pages/organizer";
import { baselineLabel } from "@/scorer/baselines/registry";

export const metadata: Metadata = { title: "Challenge settings" };
export const dynamic = "force-dynamic";

const local = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : "");

export default async function ChallengeSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, db, c, organizer } = await organizerPage(slug, "settings");
  if (!organizer) {
    return (
      <>
        <h1>Challenge settings</h1>
        <p role="alert">Only the organizers of {c.title} can change its settings.</p>
      </>
    );
  }
  const [organizers, audit, boxes, dead] = await Promise.all([
    listOrganizers(db, c.id),
    listAuditEntries(db, c.id),
    listBlackBoxes(db, actor, c.slug),
    deadJobsOfChallenge(db, c.id),
  ]);
  const building = boxes.filter((b) => b.build?.status === "building");
  const progress = new Map(
    await Promise.all(
      building.map(async (b) => {
        const job = b.build?.jobId ? await getJob(db, b.build.jobId) : undefined;
        return [b.id, job?.progress ?? null] as const;
      }),
    ),
  );
  const baselines = await activeBaselineJobs(
    db,
    boxes.filter((b) => b.status !== "draft").map((b) => b.id),
  );
  return (
    <>
      <p>
        <Link href={`/challenges/${c.slug}`}>← {c.title}</Link>
      </p>
      <h1>Settings: {c.title}</h1>
      <section className="card" aria-labelledby="details">
        <h2 id="details">Details</h2>
        <EditChallengeForm challenge={{ ...c, startsAt: local(c.startsAt), endsAt: local(c.endsAt) }} />
      </section>
      <section className="card" aria-labelledby="organizers">
        <h2 id="organizers">Organizers</h2>
        <ul>
          {organizers.map((o) => (
            <li key={o.userId} className="row">
              <span>
                {o.name} ({o.email})
              </span>
              {organizers.length > 1 && <RemoveOrganizerForm slug={c.slug} userId={o.userId} name={o.name} />}
            </li>
          ))}
        </ul>
        <AddOrganizerForm slug={c.slug} />
      </section>
      <section className="card" aria-labelledby="boxes">
        <h2 id="boxes">Black boxes</h2>
        <RefreshWhileBuilding active={building.length > 0 || baselines.size > 0} />
        {boxes.length === 0 && <p className="muted">No black boxes yet.</p>}
        <ul style={{ listStyle: "none", padding: 0 }}>
          {boxes.map((b) => {
            const p = progress.get(b.id);
            return (
              <li key={b.id} className="card">
                <div className="row">
                  <strong>
                    <Link href={`/challenges/${c.slug}/boxes/${b.slug}`}>{b.title}</Link>
                  </strong>
                  <span className={`badge ${b.status}`}>{b.status}</span>
                  <span className="badge">{b.mode}</span>
                  <span className="muted">build: {b.build?.status}</span>
                  {b.archivedAt && <span className="badge">archived {formatDate(b.archivedAt)}</span>}
                </div>
                {b.build?.error && <p className="error">Build failed: {b.build.error}</p>}
                {b.build?.status === "building" && (
                  <p>
                    <progress max={p?.of ?? 4} value={p?.step ?? 0} aria-label={`Building ${b.slug}`} />{" "}
                    {p?.message ?? "queued"}
                  </p>
                )}
                {(baselines.get(b.id) ?? []).map((j) => (
                  <p key={j.method} data-testid="baseline-progress">
                    <progress
                      max={j.progress?.of ?? 1}
                      value={j.progress?.step ?? 0}
                      aria-label={`${baselineLabel(j.method)} baseline of ${b.slug}`}
                    />{" "}
                    {baselineLabel(j.method)} baseline: {j.progress?.message ?? j.status}
                  </p>
                ))}
                {b.build?.status === "built" && (
                  <BuildCheckPanel
                    check={b.buildCheck ?? null}
                    open={b.status === "draft" ? undefined : false}
                  />
                )}
                {b.status === "draft" && b.build?.status !== "building" && (
                  <BuildBoxForm challengeSlug={c.slug} boxSlug={b.slug} />
                )}
                {b.status === "draft" && b.build?.status === "built" && (
                  <TransitionBoxForm challengeSlug={c.slug} boxSlug={b.slug} to="open" />
                )}
                {b.status === "draft" && b.build?.status !== "building" && (
                  <DeleteBoxForm challengeSlug={c.slug} boxSlug={b.slug} />
                )}
                {b.status === "open" && (
                  <TransitionBoxForm challengeSlug={c.slug} boxSlug={b.slug} to="closed" />
                )}
                {b.status === "closed" && (
                  <TransitionBoxForm challengeSlug={c.slug} boxSlug={b.slug} to="revealed" />
                )}
                {b.status === "revealed" && (
                  <ArchiveBoxForm challengeSlug={c.slug} boxSlug={b.slug} archived={b.archivedAt !== null} />
                )}
              </li>
            );
          })}
        </ul>
        <h3>Preview a spec</h3>
        <PreviewForm
          challengeSlug={c.slug}
          builtins={builtinBoxes().map((b) => ({ slug: b.slug, title: b.title }))}
        />
        <h3>New black box</h3>
        <p>
          <Link href={`/challenges/${c.slug}/import`}>Import real data</Link>{" "}
          <span className="muted">(LHCO, ADC2021 or Dark Machines files)</span>
        </p>
        <CreateBoxForm
          challengeSlug={c.slug}
          builtins={builtinBoxes().map((b) => ({ slug: b.slug, title: b.title }))}
        />
      </section>
      {dead.length > 0 && (
        <section className="card" aria-labelledby="dead-jobs">
          <h2 id="dead-jobs">Jobs that stopped</h2>
          <p className="muted">
            Jobs that failed on every attempt, or whose worker stopped on every attempt. A scoring job's
            submission was marked failed and refunded; its team may submit again.
          </p>
          <DataTable headers={["When", "Job", "Box", "Team", "Submission", "Attempts", "Last error"]}>
            {dead.map((j) => (
              <tr key={j.id} data-testid="dead-job">
                <td>{formatDate(j.finishedAt)}</td>
                <td>
                  <code>{j.kind}</code>
                </td>
                <td>{j.boxSlug}</td>
                <td>{j.team ?? (j.submissionId ? "baseline" : "")}</td>
                <td>{j.submissionStatus ?? ""}</td>
                <td>{j.attempts}</td>
                <td>{j.lastError?.slice(0, 300) ?? ""}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
      <section aria-labelledby="audit">
        <h2 id="audit">Audit log</h2>
        <p className="muted">Every organizer action on this challenge, newest first.</p>
        <DataTable headers={["When", "Who", "Action", "Details"]}>
          {audit.map((a) => (
            <tr key={a.id}>
              <td>{formatDate(a.createdAt)}</td>
              <td>{a.actorName ?? "system"}</td>
              <td>
                <code>{a.action}</code>
              </td>
              <td>
                <code>{JSON.stringify(a.details)}</code>
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
    </>
  );
}
