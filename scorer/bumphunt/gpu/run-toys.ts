import { type ComputeDevice, type DeviceDescription, describeDevice, getDevice } from "../../compute/device";
import { runToysParallel, type ToyJob } from "../parallel";
import { runToysGpu } from "./toys-gpu";

/**
 * Pseudo-experiments on the process's compute device ({@link getDevice}: ARENA_DEVICE): the GPU
 * kernels when a GPU is in use and the settings are supported there (no side-band normalisation),
 * else the CPU worker pool. A GPU run that fails falls back to the CPU, with the reason reported.
 * The definition of a toy is the same on both (SCORING.md §2: the device changes speed, never the
 * definition); the GPU's t are f32 and its draws f32, see toys-gpu.ts.
 */
export async function runToysOnDevice(
  job: ToyJob & { threads?: number; device?: ComputeDevice },
): Promise<{ t: Float64Array; device: DeviceDescription }> {
  const dev = job.device ?? (await getDevice());
  let reason = dev.kind === "cpu" ? dev.fallbackReason : undefined;
  if (dev.kind === "gpu") {
    if (job.settings?.useSideband) {
      reason = "side-band normalisation runs on the CPU";
    } else {
      try {
        const t = await runToysGpu({ ...job, device: dev.device });
        return { t, device: describeDevice(dev) };
      } catch (e) {
        reason = `GPU run failed: ${e instanceof Error ? e.message : String(e)}`;
        console.warn(`[compute] pseudo-experiments on the CPU: ${reason}`);
      }
    }
  }
  const t = await runToysParallel(job);
  return { t, device: reason ? { device: "cpu", fallbackReason: reason } : { device: "cpu" } };
}
