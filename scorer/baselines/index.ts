import { type DeviceDescription, describeDevice, getDevice } from "@/scorer/compute/device";
import { type AutoencoderOptions, trainAutoencoder } from "./autoencoder";
import {
  type MahalanobisOptions,
  mahalanobis,
  mahalanobisInputs,
  massDecorrelatedMahalanobis,
} from "./mahalanobis";

export { BaselineInputError, MAHALANOBIS_INPUTS } from "./mahalanobis";

export {
  BASELINES,
  type BaselineKey,
  baselineLabel,
  PLAIN_BUMP_HUNT,
  SCORE_BASELINE_KEYS,
  SCORE_BASELINES,
  type ScoreBaseline,
} from "./registry";

/** Baselines named in the CLI that are planned but not implemented yet. */
export const PLANNED_BASELINES = {} as const;

/**
 * The autoencoder baseline on a public feature table: the Mahalanobis inputs, standardised (mean 0,
 * σ 1 per column), then trainAutoencoder on the device `getDevice()` picks — the WGSL trainer on a GPU,
 * TensorFlow.js's wasm backend on the CPU (reproducible there).
 */
export async function aeBaseline(
  features: ArrayLike<number>,
  names: readonly string[],
  n: number,
  opts: AutoencoderOptions = {},
) {
  const { x, inputs } = mahalanobisInputs(features, names, n);
  const k = inputs.length;
  for (let j = 0; j < k; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * k + j] as number;
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += ((x[i * k + j] as number) - m) ** 2;
    const sd = Math.sqrt(v / Math.max(1, n - 1)) || 1;
    for (let i = 0; i < n; i++) x[i * k + j] = ((x[i * k + j] as number) - m) / sd;
  }
  const dev = opts.backend ? undefined : await getDevice();
  if (dev?.kind === "gpu") {
    // An error of the caller's own progress callback (a lost job lease, say) is not the GPU's: it
    // propagates instead of starting the training again on the CPU.
    let callbackFailed = false;
    const { onEpoch } = opts;
    const guarded = onEpoch && {
      onEpoch: async (epoch: number, loss: number) => {
        try {
          await onEpoch(epoch, loss);
        } catch (e) {
          callbackFailed = true;
          throw e;
        }
      },
    };
    try {
      const result = await trainAutoencoder(x, n, k, {
        gpuDevice: dev.device,
        ...opts,
        ...guarded,
        backend: "webgpu",
      });
      return { ...result, inputs, device: describeDevice(dev) };
    } catch (e) {
      if (callbackFailed) throw e;
      // A failing GPU falls back to the CPU, with the reason logged and reported.
      const fallbackReason = `the GPU autoencoder failed: ${e instanceof Error ? e.message : String(e)}`;
      console.warn(`[baseline] ${fallbackReason}; training on the CPU`);
      const device: DeviceDescription = { device: "cpu", fallbackReason };
      return { ...(await trainAutoencoder(x, n, k, { ...opts, backend: "wasm" })), inputs, device };
    }
  }
  const backend = opts.backend ?? "wasm";
  const result = await trainAutoencoder(x, n, k, { ...opts, backend });
  const device: DeviceDescription = dev
    ? describeDevice(dev)
    : { device: backend === "webgpu" ? "gpu" : "cpu" };
  return { ...result, inputs, device };
}

/**
 * The Mahalanobis baseline on a public feature table (row-major [n, names.length]): scores in row
 * order plus what was fitted (`mean` and `covariance` of the inputs after their trend with mjj is
 * removed, see massDecorrelatedMahalanobis). A table without `mjj` gets the plain distance.
 */
export function mahalanobisBaseline(
  features: ArrayLike<number>,
  names: readonly string[],
  n: number,
  opts: MahalanobisOptions = {},
) {
  const { x, inputs } = mahalanobisInputs(features, names, n);
  const k = inputs.length;
  const j = names.indexOf("mjj");
  if (j < 0) return mahalanobis(x, n, k, { ...opts, inputs });
  const f = names.length;
  const mass = Float64Array.from({ length: n }, (_, i) => features[i * f + j]!);
  return massDecorrelatedMahalanobis(x, n, k, mass, { ...opts, inputs });
}
