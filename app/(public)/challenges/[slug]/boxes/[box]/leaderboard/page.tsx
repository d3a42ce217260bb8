import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDate } from "@/components/challenges/StatusBadge";
import { type LeaderboardBar, LeaderboardChart } from "@/components/submissions/LeaderboardChart";
import { LeaderboardTable } from "@/components/submissions/LeaderboardTable";
import { VALUE_COLUMNS } from "@/components/submissions/leaderboard-columns";
import { leaderboardPage } from "@/components/submissions/leaderboard-pages";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { orNotFound } from "@/lib/pages";
import { boxLeaderboard, parseKind } from "@/lib/submissions/queries";

type Props = {
  params: Promise<{ slug: string; box: string }>;
  searchParams: Promise<{ kind?: string | string[]; page?: string | string[] }>;
};

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Leaderboard · ${(await params).box}` };
}

const TABS = [
  { kind: "scores", label: "Scores" },
  { kind: "claim", label: "Claims" },
  { kind: "top-ids", label: "Top-K event IDs" },
] as const;

export default async function LeaderboardPage({ params, searchParams }: Props) {
  const { slug, box: boxSlug } = await params;
  const query = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const kind = (() => {
    try {
      return parseKind(first(query.kind));
    } catch {
      notFound();
    }
  })();
  const lb = await orNotFound(
    boxLeaderboard(await getDb(), await currentActor(), { challengeSlug: slug, boxSlug }, kind),
  );
  const boxPath = `/challenges/${slug}/boxes/${boxSlug}`;
  const view = leaderboardPage(lb.rows, first(query.page));
  const pageHref = (n: number) => `${boxPath}/leaderboard?kind=${kind}&page=${n}`;
  const key = lb.ranking.key;
  const bars: LeaderboardBar[] = key
    ? view.rows.flatMap((r) => {
        const v = r.values[key];
        return typeof v === "number"
          ? [
              {
                name: r.team?.name ?? `baseline: ${r.baseline}`,
                value: v,
                baseline: r.baseline !== null,
                extrapolated: key === "discoveryZ" && r.values.discoveryExtrapolated === true,
              },
            ]
          : [];
      })
    : [];
  return (
    <>
      <p>
        <Link href={boxPath}>← {lb.box.title}</Link>
      </p>
      <div className="row">
        <h1>Leaderboard: {lb.box.title}</h1>
        <span className={`badge ${lb.box.status}`}>{lb.box.status}</span>
        <span className="badge">{lb.box.mode}</span>
      </div>
      <nav aria-label="Submission kind" className="tabs">
        {TABS.map((t) => (
          <Link
            key={t.kind}
            href={`${boxPath}/leaderboard?kind=${t.kind}`}
            aria-current={t.kind === kind ? "page" : undefined}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      <p className="muted">
        One row per team: its best scored submission, ranked by <strong>{lb.ranking.label}</strong>
        {lb.ranking.secondary
          ? `, ties by ${VALUE_COLUMNS.find((c) => c.key === lb.ranking.secondary)?.label ?? lb.ranking.secondary}, then the earlier submission`
          : ""}
        . Baselines are shown for reference and take no rank.
      </p>
      {lb.frozen && (
        <p className="card frozen" role="note">
          Frozen at the reveal (version {lb.frozen.version}), {formatDate(new Date(lb.frozen.createdAt))}
          {lb.frozen.reason !== "reveal" ? ` — ${lb.frozen.reason}` : ""}.
        </p>
      )}
      {view.pages > 1 && (
        <nav aria-label="Leaderboard pages" className="row">
          <span>
            Teams {view.first}–{view.last} of {view.teams} (page {view.page} of {view.pages})
          </span>
          {view.page > 1 && <Link href={pageHref(view.page - 1)}>← Better ranks</Link>}
          {view.page < view.pages && <Link href={pageHref(view.page + 1)}>Next ranks →</Link>}
        </nav>
      )}
      <LeaderboardTable ranking={lb.ranking} rows={view.rows} />
      {view.rows.some((r) => r.values.discoveryRejected === true) && (
        <p className="muted small">
          <em>model rejected</em>: the background model was rejected in every cut (a failed fit, a poor
          goodness of fit or a pull beyond ±4), so that submission has no discovery Z; it ranks below every
          number.
        </p>
      )}
      {view.rows.some((r) => r.values.discoveryExtrapolated === true) && (
        <p className="muted small">
          <em>(extrapolated)</em>: fewer than 10 pseudo-experiments reached that result; its p-value comes
          from the exponential tail of the toys&apos; distribution and is approximate beyond about 4σ.
        </p>
      )}
      {key ? (
        <LeaderboardChart label={lb.ranking.label} bars={bars} />
      ) : (
        <p className="muted">{lb.ranking.label}.</p>
      )}
    </>
  );
}
