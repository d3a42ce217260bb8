import type { Metadata } from "next";
import Link from "next/link";
import { DataSummaryPlots } from "@/components/blackboxes/DataSummaryPlots";
import { Countdown } from "@/components/ui/Countdown";
import { formatDate } from "@/components/challenges/StatusBadge";
import { currentActor } from "@/lib/auth/session";
import { boxFileName } from "@/lib/blackboxes/files";
import { getBlackBox } from "@/lib/blackboxes/lifecycle";
import { getDb } from "@/lib/db/client";
import { orNotFound } from "@/lib/pages";
import { BoxParticipation } from "@/components/submissions/BoxParticipation";
import { RevealPanel } from "@/components/submissions/RevealPanel";

type Props = { params: Promise<{ slug: string; box: string }> };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).box };
}

const mb = (bytes: number | null) => (bytes === null ? "—" : `${(bytes / 1e6).toFixed(1)} MB`);

export default async function BlackBoxPage({ params }: Props) {
  const { slug, box: boxSlug } = await params;
  const db = await getDb();
  const actor = await currentActor();
  const found = await orNotFound(getBlackBox(db, actor, slug, boxSlug));
  const { view: b, challenge } = found;
  const boxRef = { challengeSlug: slug, boxSlug };
  const files = `/api/files/${slug}/${boxSlug}`;
  // The names the downloads are saved under: the snippet and commands below open exactly these.
  const publicName = boxFileName(challenge.slug, b.slug, "public.h5");
  const truthName = boxFileName(challenge.slug, b.slug, "truth.h5");
  return (
    <>
      <p>
        <Link href={`/challenges/${slug}`}>← {challenge.title}</Link>
      </p>
      <div className="row">
        <h1>{b.title}</h1>
        <span className={`badge ${b.status}`}>{b.status}</span>
        <span className="badge">{b.mode}</span>
        <Link className="button secondary" href={`/challenges/${slug}/boxes/${boxSlug}/leaderboard`}>
          Leaderboard
        </Link>
      </div>
      {b.archivedAt && (
        <p className="card" data-testid="archived-notice">
          Archived on {formatDate(b.archivedAt)}. This box is finished and no longer listed with the active
          ones; its data, leaderboards and truth stay available here.
        </p>
      )}
      {b.description && <p>{b.description}</p>}
      <p className="muted">
        {b.eventCount?.toLocaleString("en-US") ?? "—"} events · opened {formatDate(b.opensAt)} · closes{" "}
        {b.status === "open" ? <Countdown at={b.closesAt} label="closes" /> : formatDate(b.closesAt)}
        {b.revealedAt ? (
          ` · revealed ${formatDate(b.revealedAt)}`
        ) : b.revealAt ? (
          <>
            {" "}
            · reveal <Countdown at={b.revealAt} label="reveal" />
          </>
        ) : (
          ""
        )}
      </p>

      {b.publicFile && (
        <section className="card" aria-labelledby="download">
          <h2 id="download">Download</h2>
          <p>
            <a className="button" href={`${files}/public.h5`} download={publicName}>
              {publicName}
            </a>{" "}
            {mb(b.publicFile.size)} · SHA-256 <code>{b.publicFile.sha256}</code>
          </p>
          <p className="muted">Then, in Python, from the folder the file was saved to:</p>
          <pre className="secret" data-testid="public-snippet">{`import h5py, pandas as pd
with h5py.File("${publicName}") as f:
    names = [n.decode() for n in f["events/feature_names"][:]]
    df = pd.DataFrame(f["events/features"][:], columns=names, index=f["events/event_id"][:])`}</pre>
          {b.featureNames && (
            <p className="muted">Features: {b.featureNames.join(", ")} (masses and momenta in GeV).</p>
          )}
        </section>
      )}

      {b.publicFile && (
        <section className="card" aria-labelledby="data">
          <h2 id="data">The data</h2>
          {b.dataSummary ? (
            <>
              <p className="muted">
                Histograms of the public file: all {b.dataSummary.events.toLocaleString("en-US")} events, no
                labels. Computed when the box was built.
              </p>
              <DataSummaryPlots summary={b.dataSummary} />
            </>
          ) : (
            <p className="muted">
              This box was built before the platform drew its data; the picture appears for boxes built from
              now on. The file above has it all.
            </p>
          )}
        </section>
      )}

      {b.status !== "draft" && <BoxParticipation db={db} actor={actor} found={found} challengeSlug={slug} />}

      {b.truth?.spec && <RevealPanel db={db} actor={actor} view={b} boxRef={boxRef} />}

      {b.commitment && (
        <section className="card" aria-labelledby="commitment">
          <h2 id="commitment">Truth commitment</h2>
          <p>
            SHA-256 of the sealed truth file, published when the box opened: <code>{b.commitment}</code>
          </p>
          {b.truth?.sha256 ? (
            <>
              <p>
                <a className="button" href={`${files}/truth.h5`} download={truthName}>
                  {truthName}
                </a>{" "}
                Check it yourself: <code>sha256sum {truthName}</code> must print the commitment above (or run{" "}
                <code>
                  node bin/arena.mjs verify-truth --truth {truthName} --commitment {b.commitment}
                </code>
                ).
              </p>
              {b.truth.spec && (
                <details>
                  <summary>Injected (generator spec)</summary>
                  <pre className="secret">
                    {JSON.stringify(
                      "generator" in b.truth.spec ? b.truth.spec.generator : b.truth.spec,
                      null,
                      2,
                    )}
                  </pre>
                </details>
              )}
            </>
          ) : (
            <p className="muted">The truth is revealed after the box closes.</p>
          )}
        </section>
      )}
    </>
  );
}
