import type { Metadata } from "next";
import Link from "next/link";
import { DiscoveryMethod } from "@/components/submissions/DiscoveryMethod";
import { DataTable } from "@/components/ui/DataTable";
import { currentActor } from "@/lib/auth/session";
import { getChallenge } from "@/lib/challenges";
import { getDb } from "@/lib/db/client";
import { orNotFound } from "@/lib/pages";
import { type BoxMethod, baselineMethods, calibrationStudy, challengeMethods } from "@/lib/methods";

type Props = { params: Promise<{ slug: string }> };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Methods · ${(await params).slug}` };
}

type Discovery = NonNullable<BoxMethod["discovery"]>;

/** The rows of the settings table: a name and how to show it for one box. */
const SETTINGS: [string, (d: Discovery) => string][] = [
  ["Mass feature", (d) => d.massFeature],
  ["Preselection", (d) => d.preselection],
  ["Fit range (GeV)", (d) => `${d.range[0]}–${d.range[1]}`],
  ["Bins", (d) => String(d.bins)],
  ["Scan window widths (bins)", (d) => `${d.widths[0]}–${d.widths[1]}`],
  ["Cut efficiencies", (d) => d.cutEfficiencies.join(", ")],
  ["Refitted pseudo-experiments", (d) => d.npe.toLocaleString("en-US")],
  ["Dijet parameters (test level)", (d) => `${d.orders[0]}–${d.orders[1]} (α = ${d.alphaOrder})`],
  ["Search phase excludes windows with local p below", (d) => String(d.searchP)],
  ["Gate", (d) => `gof p ≥ ${d.alphaGof}, |pull| ≤ ${d.maxPull}`],
];

const KIND_LABEL: Record<string, string> = {
  plain: "plain bump hunt (ε = 1)",
  random: "random scores",
  pt1: "leading-jet pT (sculpts mjj)",
};

/**
 * How a challenge's numbers are made: the reference bump hunter (SCORING §2), each box's scoring
 * settings, the baselines, and the calibration study with its plots — public, like the challenge.
 */
export default async function MethodsPage({ params }: Props) {
  const { slug } = await params;
  const db = await getDb();
  const actor = await currentActor();
  const challenge = await orNotFound(getChallenge(db, actor, slug));
  const boxes = await challengeMethods(db, actor, challenge.slug);
  const study = calibrationStudy();
  return (
    <>
      <h1>Methods</h1>
      <p className="muted">
        How the numbers of <Link href={`/challenges/${challenge.slug}`}>{challenge.title}</Link> are made: the
        reference bump hunter behind every discovery significance, each black box's settings, the baselines on
        every leaderboard, and the calibration study that checks the significance on background-only boxes.
      </p>

      <section className="card" aria-labelledby="bump-hunter">
        <h2 id="bump-hunter">The reference bump hunter</h2>
        <DiscoveryMethod open />
      </section>

      <section aria-labelledby="settings">
        <h2 id="settings">Settings per black box</h2>
        {boxes.length === 0 ? (
          <p className="muted">No black boxes yet.</p>
        ) : (
          // One column per box, one row per setting: the settings are the long side.
          <DataTable
            label="Scoring settings per black box"
            headers={["Setting", ...boxes.map((b) => b.title)]}
          >
            {SETTINGS.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {boxes.map((b) => (
                  <td key={b.slug} className="num">
                    {b.discovery ? value(b.discovery) : "—"}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">Ranked by, once the truth is visible</th>
              {boxes.map((b) => (
                <td key={b.slug}>{b.primaryMetric}</td>
              ))}
            </tr>
          </DataTable>
        )}
        {boxes.some((b) => !b.discovery) && (
          <p className="muted">
            —: the box has no mass feature, so no discovery significance (truth metrics only).
          </p>
        )}
      </section>

      <section aria-labelledby="baselines">
        <h2 id="baselines">Baselines</h2>
        <p>Every box, once open, gets these rows on its leaderboard, scored exactly like a team's upload.</p>
        <DataTable label="Baselines" headers={["Baseline", "What it does"]}>
          {baselineMethods().map((b) => (
            <tr key={b.key}>
              <td>{b.method}</td>
              <td>{b.summary}</td>
            </tr>
          ))}
        </DataTable>
      </section>

      <section aria-labelledby="calibration">
        <h2 id="calibration">Calibration</h2>
        {!study ? (
          <p className="muted">The calibration study is not part of this installation (docs/calibration/).</p>
        ) : (
          <>
            <p>
              Background-only boxes of the built-in size, each scored with the built-in boxes' settings: if
              the significance is honest, the summary p-values are uniform — a Kolmogorov–Smirnov p above 0.01
              and about 5 % of boxes below p = 0.05. Made by <code>{study.command}</code>.
            </p>
            <DataTable
              label="Calibration verdicts"
              headers={[
                "Background",
                "Score",
                "Boxes",
                "Rejected",
                "KS p",
                "Below 0.05 (95 % range)",
                "Verdict",
              ]}
            >
              {study.verdicts.map((v) => (
                <tr key={`${v.variant}-${v.kind}`}>
                  <td>{v.variant}-like</td>
                  <td>{KIND_LABEL[v.kind] ?? v.kind}</td>
                  <td className="num">{v.n}</td>
                  <td className="num">{v.rejected}</td>
                  <td className="num">{v.ksP.toFixed(3)}</td>
                  <td className="num">
                    {v.below05} ({v.interval.lo}–{v.interval.hi})
                  </td>
                  <td>{v.pass ? "calibrated" : "not calibrated"}</td>
                </tr>
              ))}
            </DataTable>
            <div className="figure-grid">
              {study.figures.map((f) => (
                <figure key={f.name} data-figure={f.name}>
                  {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own renderer's SVG (text and shapes), read from the repository */}
                  <div dangerouslySetInnerHTML={{ __html: f.svg }} />
                </figure>
              ))}
            </div>
          </>
        )}
      </section>
    </>
  );
}
