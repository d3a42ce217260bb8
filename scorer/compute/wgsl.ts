/// <reference types="@webgpu/types" />
/**
 * The compute-pipeline set-up every WGSL kernel here shares: compile a module (its errors become one
 * thrown Error with line:column positions), one bind-group layout of buffers, a pipeline per entry
 * point. GPU usage flags as numbers: Dawn's Node binding does not define the GPU* globals unasked.
 */

export const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
const COMPUTE = 0x4;
/** Workgroups one dispatch dimension may have (WebGPU's default maxComputeWorkgroupsPerDimension). */
export const MAX_WORKGROUPS = 65_535;

/** A buffer size for `bytes` of data: a multiple of 4, at least 16 (no zero-sized bindings). */
export function bufferSize(bytes: number): number {
  return Math.max(16, Math.ceil(bytes / 4) * 4);
}

/** How each binding (0, 1, …) is used: "uniform", "read" (read-only storage) or "write" (storage). */
export type BindingUse = "uniform" | "read" | "write";

export interface ComputeKernels<E extends string> {
  layout: GPUBindGroupLayout;
  pipelines: Record<E, GPUComputePipeline>;
}

const kernelCache = new WeakMap<GPUDevice, Map<string, Promise<ComputeKernels<string>>>>();

/**
 * Compile `code` and create one compute pipeline per entry point over a single bind group (group 0)
 * whose bindings are used as `uses` says. Kept per device for the same code, uses and entry points,
 * so a kernel compiles once per process (a failed compile is not kept).
 * @throws Error "WGSL: line:column message; …" when the module does not compile.
 */
export function computeKernels<E extends string>(
  device: GPUDevice,
  code: string,
  uses: readonly BindingUse[],
  entryPoints: readonly E[],
): Promise<ComputeKernels<E>> {
  let byKey = kernelCache.get(device);
  if (!byKey) {
    byKey = new Map();
    kernelCache.set(device, byKey);
  }
  const key = JSON.stringify([code, uses, entryPoints]);
  let made = byKey.get(key);
  if (!made) {
    made = buildKernels(device, code, uses, entryPoints);
    byKey.set(key, made);
    made.catch(() => byKey.delete(key));
  }
  return made as Promise<ComputeKernels<E>>;
}

async function buildKernels<E extends string>(
  device: GPUDevice,
  code: string,
  uses: readonly BindingUse[],
  entryPoints: readonly E[],
): Promise<ComputeKernels<E>> {
  const module = device.createShaderModule({ code });
  const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === "error");
  if (errors.length > 0)
    throw new Error(`WGSL: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join("; ")}`);
  const type = { uniform: "uniform", read: "read-only-storage", write: "storage" } as const;
  const layout = device.createBindGroupLayout({
    entries: uses.map((use, binding) => ({ binding, visibility: COMPUTE, buffer: { type: type[use] } })),
  });
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const made = await Promise.all(
    entryPoints.map((entryPoint) =>
      device.createComputePipelineAsync({ layout: pipelineLayout, compute: { module, entryPoint } }),
    ),
  );
  const pipelines = {} as Record<E, GPUComputePipeline>;
  entryPoints.forEach((e, i) => {
    pipelines[e] = made[i] as GPUComputePipeline;
  });
  return { layout, pipelines };
}
