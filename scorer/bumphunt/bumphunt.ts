import type { DeviceDescription } from "@/scorer/compute/device";
import { type GlobalResult, globalPvalue, type TDistribution, tDistribution } from "./global";
import { runToysOnDevice } from "./gpu/run-toys";
import { type ScanResult, scan } from "./scan";
import type { ScanSettings } from "./windows";

export interface BumpHuntResult {
  local: ScanResult;
  global: GlobalResult;
  tDistribution: TDistribution;
  /** Where the pseudo-experiments ran: "cpu", or "gpu" with the adapter name. */
  device: DeviceDescription;
}

/**
 * SCORING.md §2 steps 3–4: scan the data against the background, then `npe` Poisson
 * pseudo-experiments of the background (Philox stream (seed, j) for toy j, on `threads` workers;
 * the result does not depend on the thread count).
 */
export async function bumpHunt(
  data: ArrayLike<number>,
  background: ArrayLike<number>,
  settings: ScanSettings,
  toys: { npe: number; seed: number; threads?: number },
  edges?: ArrayLike<number>,
): Promise<BumpHuntResult> {
  const local = scan(data, background, settings, edges);
  const { t, device } = await runToysOnDevice({ background, settings, ...toys });
  return { local, global: globalPvalue(local.t, t), tDistribution: tDistribution(t), device };
}
