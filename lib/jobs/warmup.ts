import { desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { blackBoxes } from "@/lib/db/schema";
import { BOX_EVENTS_CACHED, boxEvents } from "@/lib/submissions/boxdata";
import { scoringThreads, submissionSettings } from "@/lib/submissions/config";
import { discovery } from "@/scorer/bumphunt/discovery";

/**
 * Run the discovery metric once on a small made-up dijet sample so that a freshly started worker
 * scores its first upload as fast as the next ones: the pseudo-experiment threads are started and the
 * fit, scan and toy loops are compiled — in every pseudo-experiment thread, and with enough toys
 * that the optimising compilers have taken over (≈ 1 s of CPU at start; with 500 toys the first
 * upload of a 1M-event box still took 0.8 s longer than the next ones). With a database, the public
 * columns (event ids, mass) of the most recently opened boxes are loaded into the cache the first
 * scoring would fill anyway (no extra memory at the peak). Nothing is stored. A failure here only
 * means the first upload pays that cost, so it is logged, never thrown.
 */
export async function warmUpScorer(log: (m: string) => void = console.log, db?: Db): Promise<void> {
  const n = 100_000;
  const mass = new Float64Array(n);
  const scores = new Float64Array(n);
  // A falling spectrum from 2.5 TeV (inverse-transform of ∝ m^−6), deterministic: no RNG needed.
  for (let i = 0; i < n; i++) {
    const u = (i + 0.5) / n;
    mass[i] = 2500 * (1 - u) ** (-1 / 5);
    scores[i] = (i * 7919) % n;
  }
  const t0 = performance.now();
  try {
    const r = await discovery(scores, mass, {
      edges: Array.from({ length: 46 }, (_, i) => 2500 + 100 * i),
      cutEfficiencies: [1, 0.1, 0.01],
      npe: 3000,
      threads: scoringThreads(), // the pool scoring uses, so that it is the one warmed
    });
    // Without a fit that passes the gate's fixed parts no pseudo-experiment is analysed, and the
    // threads stay cold; a cut whose toys were analysed has a gof p.
    const fitted = r.cuts.filter((c) => c.model?.gofPvalue != null).length;
    log(
      `scorer warmed up in ${((performance.now() - t0) / 1000).toFixed(2)} s (${fitted} of ${r.cuts.length} cuts fitted and scanned with toys)`,
    );
  } catch (e) {
    log(`scorer warm-up skipped: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!db) return;
  try {
    const open = await db
      .select()
      .from(blackBoxes)
      .where(eq(blackBoxes.status, "open"))
      .orderBy(desc(blackBoxes.opensAt))
      .limit(BOX_EVENTS_CACHED); // as many open boxes as the column cache keeps
    for (const box of open) if (box.publicBlob) await boxEvents(box, submissionSettings(box));
    log(`loaded the columns of ${open.length} open box(es)`);
  } catch (e) {
    log(`box columns not preloaded: ${e instanceof Error ? e.message : String(e)}`);
  }
}
