import { type GlobalResult, globalPvalue, type TDistribution, tDistribution } from "./global";
import { runToysParallel } from "./parallel";
import { type ScanResult, scan } from "./scan";
import type { ScanSettings } from "./windows";

export interface BumpHuntResult {
  local: ScanResult;
  global: GlobalResult;
  tDistribution: TDistribution;
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
  const t = await runToysParallel({ background, settings, ...toys });
  return { local, global: globalPvalue(local.t, t), tDistribution: tDistribution(t) };
}
