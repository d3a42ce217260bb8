import { type ComputeDevice, type DeviceDescription, describeDevice, getDevice } from "../../compute/device";
import { runNestedToysParallel } from "../nested-parallel";
import type { NestedToyPlan, NestedToyResult } from "../nested-toys";
import { destroyGpuNestedPlan, planNestedToysGpu, runNestedToysGpu } from "./nested-gpu";

export interface NestedToyRun {
  /** Toys 0 … npe − 1. */
  toys: NestedToyResult;
  device: DeviceDescription;
  /**
   * Toys from … to − 1 on the same device (the GPU only: SCORING §2 "run more toys where the device
   * allows"); undefined on the CPU. Call `close` when done.
   */
  more?: (from: number, to: number) => Promise<NestedToyResult>;
  close(): void;
}

/**
 * SCORING §2's refitted nested pseudo-experiments on the process's compute device ({@link getDevice}:
 * ARENA_DEVICE) or the one given: the GPU kernels (nested-gpu.ts) when a GPU is in use, else the CPU
 * worker threads. A GPU run that fails falls back to the CPU, with the reason reported. Toy j is the
 * same pseudo-experiment on both (seed, j); the GPU computes in f32 (see nested-kernels.ts).
 */
export async function runNestedToysOnDevice(
  plan: NestedToyPlan,
  seed: number,
  npe: number,
  threads: number,
  device?: ComputeDevice,
): Promise<NestedToyRun> {
  const dev = device ?? (await getDevice());
  let reason = dev.kind === "cpu" ? dev.fallbackReason : undefined;
  if (dev.kind === "gpu") {
    let gp: Awaited<ReturnType<typeof planNestedToysGpu>> | null = null;
    try {
      gp = await planNestedToysGpu(dev.device, plan);
      const toys = await runNestedToysGpu(gp, seed, 0, npe);
      const held = gp;
      return {
        toys,
        device: describeDevice(dev),
        more: (from, to) => runNestedToysGpu(held, seed, from, to),
        close: () => destroyGpuNestedPlan(held),
      };
    } catch (e) {
      if (gp) destroyGpuNestedPlan(gp);
      reason = `GPU run failed: ${e instanceof Error ? e.message : String(e)}`;
      console.warn(`[compute] refitted pseudo-experiments on the CPU: ${reason}`);
    }
  }
  const toys = await runNestedToysParallel(plan, seed, npe, threads);
  return {
    toys,
    device: reason ? { device: "cpu", fallbackReason: reason } : { device: "cpu" },
    close: () => {},
  };
}

/** Toys [0, a) then [a, a + b): one result, cut-major like each part. */
export function concatNestedToys(a: NestedToyResult, b: NestedToyResult, nCuts: number): NestedToyResult {
  const na = a.t.length / Math.max(1, nCuts);
  const nb = b.t.length / Math.max(1, nCuts);
  const join = <T extends Float64Array | Uint8Array>(x: T, y: T, make: (n: number) => T): T => {
    const out = make((na + nb) * nCuts);
    for (let k = 0; k < nCuts; k++) {
      out.set(x.subarray(k * na, (k + 1) * na), k * (na + nb));
      out.set(y.subarray(k * nb, (k + 1) * nb), k * (na + nb) + na);
    }
    return out;
  };
  return {
    t: join(a.t, b.t, (n) => new Float64Array(n)),
    gof: join(a.gof, b.gof, (n) => new Float64Array(n)),
    veto: join(a.veto, b.veto, (n) => new Uint8Array(n)),
    orders: a.orders.map((c, i) => c + (b.orders[i] ?? 0)),
    seconds: { fits: a.seconds.fits + b.seconds.fits, scans: a.seconds.scans + b.seconds.scans },
  };
}
