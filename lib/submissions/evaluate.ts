import type { Metrics } from "@/lib/db/json-metrics";
import { readScoreFile, readSealedTruth } from "@/core/formats";
import { readNpy } from "@/core/formats/npy";
import type { BlackBox, Submission } from "@/lib/db/schema";
import { blobStore } from "@/lib/storage";
import { derivedCache } from "@/lib/storage/derived-cache";
import { type DiscoveryResult, discovery } from "@/scorer/bumphunt/discovery";
import { deviceLabel } from "@/scorer/compute/device";
import { scoreClaim, topKMetrics, truthMetrics } from "@/scorer/metrics";
import { PLAIN_BUMP_HUNT } from "@/scorer/baselines/registry";
import { boxEvents } from "./boxdata";
import { submissionSettings } from "./config";
import { claimTruthOf } from "./truth";
import { parseTopIds } from "./validate";

/** Labels in public-file order, read from the sealed truth blob: the worker is the only reader. */
const truthCache = derivedCache<Int32Array>(2);
function boxLabels(truthBlob: string, publicIds: BigInt64Array): Promise<Int32Array> {
  return truthCache(truthBlob, () =>
    readSealedTruth(blobStore().read(truthBlob), "truth.h5").then(({ labels, eventIds }) => {
      if (eventIds.length === publicIds.length && eventIds.every((id, i) => id === publicIds[i]))
        return labels;
      const at = new Map<bigint, number>();
      for (const [i, id] of eventIds.entries()) at.set(id, i);
      return Int32Array.from(publicIds, (id) => labels[at.get(id) ?? -1] ?? 0);
    }),
  );
}

export type Evaluated = {
  metrics: Metrics;
  /** Seconds per step (loadBox, loadTruth, read, discovery and its parts, truth). */
  timings: Record<string, number>;
  /** Whether the truth labels were read (practice box, or revealed). */
  labelled: boolean;
  /** Where the discovery significance ran (deviceLabel). */
  device: string;
};

/**
 * The metrics of one submission (SCORING.md), read from the blob store: the discovery significance
 * of score uploads on every box; truth metrics (ROC/AUC/SIC, claim pulls and log score,
 * precision/recall@K) only where the truth is public for the box — practice boxes, or revealed ones.
 * No database. `progress` reports the discovery step. Throws what reading or scoring throws.
 */
export async function evaluateSubmission(
  sub: Submission,
  box: BlackBox,
  progress: (step: number, of: number, message: string) => Promise<void>,
): Promise<Evaluated> {
  const withTruth = box.mode === "practice" || box.status === "revealed";
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      timings[name] = (performance.now() - t0) / 1000;
    }
  };
  const settings = submissionSettings(box);
  const events = await time("loadBox", () => boxEvents(box, settings));
  const labels =
    withTruth && box.truthBlob
      ? await time("loadTruth", () => boxLabels(box.truthBlob as string, events.eventIds))
      : undefined;
  const metrics: Metrics = {};
  let found: DiscoveryResult | undefined;
  if (sub.kind === "scores") {
    const plain = sub.baseline === PLAIN_BUMP_HUNT.key;
    const scores = await time("read", async () => {
      if (plain) return new Float64Array(events.eventIds.length).fill(1);
      // Validated at upload, in box order: no parsing, no alignment.
      if (sub.scoresBlob) return readNpy(blobStore().read(sub.scoresBlob), "scores.npy").scores;
      if (!sub.blob) throw new Error("the submission has no file");
      return (
        await readScoreFile(blobStore().read(sub.blob), sub.fileName ?? "scores", {
          eventIds: events.eventIds,
        })
      ).scores;
    });
    if (settings.massFeature === null) {
      // No resonance mass (ADC2021-style boxes): SCORING's discovery metric does not apply.
      metrics.discoveryNotApplicable = "this black box has no resonance-mass feature to hunt a bump in";
    } else {
      await progress(1, 3, "discovery significance");
      const config = plain ? { ...settings.discovery, cutEfficiencies: [1] } : settings.discovery;
      const d = await time("discovery", () => discovery(scores, events.mass, config));
      metrics.discovery = d;
      found = d;
      // The split bench:scoring prints (thread seconds of fits and scans, toys' wall clock).
      timings["discovery.data"] = d.timings.data;
      timings["discovery.toys"] = d.timings.toys;
      timings["discovery.fits"] = d.timings.fits;
      timings["discovery.scans"] = d.timings.scans;
    }
    // A constant score has no ROC: the plain bump hunt gets no truth metrics.
    if (labels && !plain) {
      metrics.truth = labels.some((l) => l > 0)
        ? await time("truth", () => truthMetrics(scores, labels))
        : { notApplicable: "this black box holds no signal: ROC, AUC and SIC are undefined" };
    }
  } else if (sub.kind === "claim") {
    if (labels) {
      if (!sub.claim) throw new Error("the claim submission holds no claim");
      metrics.claim = scoreClaim(sub.claim, claimTruthOf(box), {
        ...settings.claims,
        nEvents: events.eventIds.length,
      });
    }
  } else {
    const ids = await time("read", async () => {
      if (!sub.blob) throw new Error("the submission has no file");
      return parseTopIds(blobStore().read(sub.blob), sub.fileName ?? "ids");
    });
    if (labels) {
      metrics.topK = topKMetrics({
        ids,
        k: settings.topK,
        boxIds: Array.from(events.eventIds, Number),
        boxLabels: labels,
      });
    }
  }
  return { metrics, timings, labelled: labels !== undefined, device: deviceLabel(found?.device) };
}
