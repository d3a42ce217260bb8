/// <reference types="@webgpu/types" />
import fs from "node:fs";
/**
 * The compute device for heavy numerical work (pseudo-experiments): a WebGPU adapter through Dawn's
 * Node binding (`webgpu` npm package), or the CPU. One decision per process, cached.
 *
 * ARENA_DEVICE:
 * - `auto` (default): a hardware GPU adapter when one is present, else the CPU. Software adapters
 *   (Mesa lavapipe/llvmpipe, SwiftShader, Microsoft Basic Render) are slower than the CPU path and
 *   are used only with ARENA_GPU_ALLOW_SOFTWARE=1 (tests in CI run the kernels on lavapipe that way).
 *   On a Linux machine with no GPU device node it does not load WebGPU at all ({@link hardwareGpuPossible});
 * - `gpu`: any WebGPU adapter, software included;
 * - `cpu`: never touch WebGPU.
 * A missing binding, no adapter or a failing device falls back to the CPU with the reason logged once
 * and kept for reports ({@link describeDevice}); it never throws.
 */

export type DeviceMode = "auto" | "cpu" | "gpu";

export type ComputeDevice =
  | { kind: "cpu"; fallbackReason?: string }
  | {
      kind: "gpu";
      /** "vendor architecture: description", from adapter.info. */
      adapter: string;
      device: GPUDevice;
      /** A software rasteriser (lavapipe, SwiftShader…), not a hardware GPU. */
      software: boolean;
    };

/** What a report states about the device a computation ran on. */
export interface DeviceDescription {
  device: "cpu" | "gpu";
  adapter?: string;
  fallbackReason?: string;
}

export interface DeviceOptions {
  /** Default: process.env.ARENA_DEVICE, else "auto". */
  mode?: DeviceMode;
  /** Accept a software adapter in auto mode. Default: process.env.ARENA_GPU_ALLOW_SOFTWARE === "1". */
  allowSoftware?: boolean;
  /** Log a fallback to the CPU (once per process). Default true. */
  log?: boolean;
}

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software|basic render/i;

// Dawn's GPU object must stay referenced for the life of the process: if it is collected while a
// device is alive, the process crashes. Kept here, never released.
let gpuRoot: GPU | undefined;
const cache = new Map<string, Promise<ComputeDevice>>();
let logged = false;

export function deviceModeFromEnv(env: Record<string, string | undefined> = process.env): DeviceMode {
  const v = (env.ARENA_DEVICE ?? "auto").trim().toLowerCase();
  if (v === "" || v === "auto") return "auto";
  if (v === "cpu" || v === "gpu") return v;
  throw new RangeError(`ARENA_DEVICE must be auto, cpu or gpu, got ${JSON.stringify(env.ARENA_DEVICE)}`);
}

/** The compute device for this process (cached per mode/allowSoftware). Never rejects. */
export function getDevice(options: DeviceOptions = {}): Promise<ComputeDevice> {
  let mode: DeviceMode;
  try {
    mode = options.mode ?? deviceModeFromEnv();
  } catch (e) {
    return Promise.resolve(fallback(e instanceof Error ? e.message : String(e), options.log));
  }
  const allowSoftware = options.allowSoftware ?? process.env.ARENA_GPU_ALLOW_SOFTWARE === "1";
  const key = `${mode}/${allowSoftware}`;
  let p = cache.get(key);
  if (!p) {
    p = openDevice(mode, allowSoftware)
      .catch((e): ComputeDevice => cpu(`WebGPU failed: ${e instanceof Error ? e.message : String(e)}`))
      .then((d) => {
        if (d.kind === "cpu") return d.fallbackReason ? fallback(d.fallbackReason, options.log) : d;
        // A lost or destroyed device is forgotten: the next call opens a new one.
        d.device.lost.then((l) => {
          if (l.reason !== "destroyed") console.warn(`[compute] GPU device lost: ${l.message}`);
          if (cache.get(key) === p) cache.delete(key);
        });
        return d;
      });
    cache.set(key, p);
  }
  return p;
}

/** The report fields for a device: { device, adapter?, fallbackReason? }. */
export function describeDevice(d: ComputeDevice): DeviceDescription {
  if (d.kind === "gpu") return { device: "gpu", adapter: d.adapter };
  return d.fallbackReason ? { device: "cpu", fallbackReason: d.fallbackReason } : { device: "cpu" };
}

/** True when an adapter's info names a software implementation. */
export function isSoftwareAdapter(info: {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}): boolean {
  if (info.isFallbackAdapter === true) return true;
  return SOFTWARE.test([info.vendor, info.architecture, info.device, info.description].join(" "));
}

export function adapterName(info: GPUAdapterInfo): string {
  const head = [info.vendor, info.architecture].filter(Boolean).join(" ");
  const desc = info.description || info.device;
  return [head, desc].filter(Boolean).join(": ") || "unknown adapter";
}

/**
 * Whether a hardware GPU adapter can exist here. On Linux every hardware Vulkan driver opens a device
 * node: /dev/dri/renderD* (Mesa: AMD, Intel, …), /dev/nvidia0… (NVIDIA) or /dev/dxg (WSL). Without
 * one, an auto-mode probe could only find a software adapter it may not use, yet loading Dawn there
 * maps every installed Vulkan driver (Mesa's lavapipe: ~100 MB resident for the life of the process).
 * Other platforms: assumed possible.
 * @example hardwareGpuPossible("linux", () => ["null", "nvidia0", "nvidiactl"]); // → true
 */
export function hardwareGpuPossible(
  platform: string = process.platform,
  listDev: (dir: string) => string[] = (dir) => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  },
): boolean {
  if (platform !== "linux") return true;
  if (listDev("/dev").some((n) => /^nvidia\d+$|^dxg$/.test(n))) return true;
  return listDev("/dev/dri").some((n) => n.startsWith("renderD"));
}

async function openDevice(mode: DeviceMode, allowSoftware: boolean): Promise<ComputeDevice> {
  if (mode === "cpu") return { kind: "cpu" };
  if (mode === "auto" && !allowSoftware && !hardwareGpuPossible())
    return cpu(
      "no GPU device (no /dev/dri/renderD*, /dev/nvidia* or /dev/dxg); set ARENA_DEVICE=gpu to probe anyway",
    );
  let mod: typeof import("webgpu");
  try {
    mod = await import("webgpu");
  } catch (e) {
    return cpu(`the webgpu binding did not load (${e instanceof Error ? e.message : String(e)})`);
  }
  gpuRoot ??= mod.create([]);
  const adapter = await gpuRoot.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) return cpu("no WebGPU adapter (no Vulkan/Metal/D3D12 driver found)");
  const info = adapter.info;
  const software = isSoftwareAdapter(info);
  const name = adapterName(info);
  if (software && mode === "auto" && !allowSoftware) {
    return cpu(`only a software adapter (${name}); set ARENA_DEVICE=gpu to use it`);
  }
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  return { kind: "gpu", adapter: name, device, software };
}

function cpu(reason: string): ComputeDevice {
  return { kind: "cpu", fallbackReason: reason };
}

function fallback(reason: string, log = true): ComputeDevice {
  if (log && !logged) {
    logged = true;
    console.warn(`[compute] using the CPU: ${reason}`);
  }
  return { kind: "cpu", fallbackReason: reason };
}

/** "cpu", or "gpu (<adapter>)": how evaluations, the worker list and /api/health name a device. */
export function deviceLabel(d: DeviceDescription | undefined): string {
  return d?.device === "gpu" ? `gpu (${d.adapter ?? "unknown adapter"})` : "cpu";
}
