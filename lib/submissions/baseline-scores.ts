import { npyBytes } from "@/core/formats/npy";
import { blobStore } from "@/lib/storage";
import { aeBaseline, MAHALANOBIS_INPUTS, mahalanobisBaseline, SCORE_BASELINES } from "@/scorer/baselines";
import type { ScoreBaseline } from "@/scorer/baselines/registry";
import { type PublicFeatures, readPublicFeatures } from "@/scorer/baselines/public-file";
import type { BaselineValues } from "./baselines";

/** AE epochs: the box's scoringConfig.aeEpochs, default 20. */
export function aeEpochs(config: Record<string, unknown> | null): number {
  const e = Number(config?.aeEpochs ?? 20);
  return Number.isInteger(e) && e >= 1 && e <= 500 ? e : 20;
}

/**
 * Every feature of a box's public file (the blob `publicBlob`), or the reason the box cannot take the
 * score baselines: they need the jet features of MAHALANOBIS_INPUTS.
 */
export async function readBoxFeatures(
  publicBlob: string,
  slug: string,
): Promise<PublicFeatures | { skipped: string }> {
  const pf = await readPublicFeatures(blobStore().read(publicBlob), `${slug}.h5`);
  const missing = MAHALANOBIS_INPUTS.map((i) => i.feature).filter((f) => !pf.names.includes(f));
  return missing.length > 0 ? { skipped: `the box has no ${missing.join(", ")}` } : pf;
}

export type BaselineScores = {
  scores: Float64Array;
  /** "cpu", or "gpu (adapter)" where the autoencoder trained on a GPU. */
  device: string;
  /** What the method reports (inputs; the autoencoder's losses and timings, a GPU fallback's reason). */
  details: Record<string, unknown>;
};

/**
 * A score baseline's per-event scores over a box's public features, in file order, with progress:
 * the autoencoder reports each epoch's loss (the organizer's page shows it), the Mahalanobis
 * distance one step.
 */
export async function computeBaselineScores(
  method: ScoreBaseline,
  pf: PublicFeatures,
  opts: { epochs: number; progress: (step: number, of: number, message: string) => Promise<void> },
): Promise<BaselineScores> {
  const { epochs, progress } = opts;
  if (method === "mahalanobis") {
    await progress(1, 3, "computing the scores");
    const result = mahalanobisBaseline(pf.features, pf.names, pf.n);
    return { scores: result.scores, device: "cpu", details: { inputs: result.inputs, nFit: result.nFit } };
  }
  const ae = await aeBaseline(pf.features, pf.names, pf.n, {
    epochs,
    onEpoch: (epoch, loss) => progress(epoch, epochs, `epoch ${epoch}: loss ${loss.toPrecision(4)}`),
  });
  return {
    scores: ae.scores,
    device: ae.device.device === "gpu" ? `gpu (${ae.device.adapter})` : "cpu",
    details: {
      backend: ae.backend,
      losses: ae.losses,
      trainSeconds: ae.trainSeconds,
      inferSeconds: ae.inferSeconds,
      inputs: ae.inputs,
      ...(ae.device.fallbackReason ? { fallbackReason: ae.device.fallbackReason } : {}),
    },
  };
}

/**
 * The row a baseline's scores become, with the scores stored as float64 .npy [N] in public-file
 * order — exactly what a validated team upload becomes (content-addressed: a re-run stores the same
 * blob). `seconds`: the computation; `readSeconds`: reading the public file.
 */
export function baselineValues(
  method: ScoreBaseline,
  computed: BaselineScores,
  timing: { n: number; seconds: number; readSeconds: number },
): BaselineValues {
  const { sha256 } = blobStore().put(npyBytes(computed.scores, [timing.n]));
  const { device, details } = computed;
  const description = [
    SCORE_BASELINES[method].summary,
    `Computed on ${device} in ${timing.seconds.toFixed(2)} s (reading the file ${timing.readSeconds.toFixed(2)} s).`,
    `Recompute offline: arena baseline ${method} --features PUBLIC.h5 --out scores.npy`,
  ].join(" ");
  return {
    scoresBlob: sha256,
    method: SCORE_BASELINES[method].method,
    description,
    fileName: `${method}.npy`,
    fileDetails: { baseline: method, device, seconds: timing.seconds, events: timing.n, ...details },
  };
}
