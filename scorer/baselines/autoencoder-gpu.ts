/// <reference types="@webgpu/types" />
import { bufferSize, computeKernels, MAX_WORKGROUPS, USAGE } from "@/scorer/compute/wgsl";
import {
  autoencoderSource,
  parameterCount,
  REDUCE_WORKGROUP,
  reduceTerms,
  scratchRows,
  WORKGROUP,
} from "./autoencoder-wgsl";

const mb = (bytes: number) => `${(bytes / 1e6).toPrecision(3)} MB`;

export interface GpuTrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  beta1?: number;
  beta2?: number;
  /** TensorFlow.js's float32 backend epsilon. */
  epsilon?: number;
  onEpoch?: (epoch: number, loss: number) => void | Promise<void>;
}

export interface GpuTrainResult {
  scores: Float64Array;
  losses: number[];
  trainSeconds: number;
  inferSeconds: number;
}

/**
 * Train the dense autoencoder on a WebGPU device from the given initial weights (TensorFlow.js's
 * layout, see autoencoder-wgsl.ts) and score every event by its reconstruction error. The same
 * mini-batches in file order, the same loss and the same Adam as `model.fit` with shuffle off, so
 * losses agree with the TensorFlow.js CPU backends to float32 rounding.
 */
export async function trainAutoencoderGpu(
  device: GPUDevice,
  x: Float64Array,
  n: number,
  k: number,
  initial: Float32Array,
  opts: GpuTrainOptions,
): Promise<GpuTrainResult> {
  const P = parameterCount(k);
  if (initial.length !== P) throw new RangeError(`expected ${P} initial weights, got ${initial.length}`);
  if (n < 1) throw new RangeError("no events to train on");
  const batch = Math.min(opts.batchSize, n);
  const nb = Math.ceil(n / batch);
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (n * k * 4 > limit || scratchRows(k) * batch * 4 > limit)
    throw new RangeError(
      `${n} events × ${k} inputs need ${mb(n * k * 4)} in one GPU buffer; this device allows ${mb(limit)}`,
    );
  const { epochs } = opts;
  const beta1 = opts.beta1 ?? 0.9;
  const beta2 = opts.beta2 ?? 0.999;

  const { layout, pipelines } = await computeKernels(
    device,
    autoencoderSource(k),
    ["uniform", "read", "write", "write", "write", "write", "read", "write"],
    ["backprop", "reduce", "adam", "infer"],
  );
  const { backprop, reduce, adam, infer } = pipelines;

  const buffers: GPUBuffer[] = [];
  const make = (size: number, usage: number) => {
    const b = device.createBuffer({ size: bufferSize(size), usage });
    buffers.push(b);
    return b;
  };
  const STORAGE = USAGE.STORAGE | USAGE.COPY_DST;
  // A WebGPU validation or memory error does not throw: it would leave zeros in the results. The
  // scopes catch them, and the run fails with the device's message instead.
  let scopes = 0;
  const pushScopes = () => {
    device.pushErrorScope("out-of-memory");
    device.pushErrorScope("validation");
    scopes = 2;
  };
  const popErrors = async () => {
    let first: GPUError | null = null;
    for (; scopes > 0; scopes--) first = (await device.popErrorScope()) ?? first;
    if (first) throw new Error(`the GPU refused the autoencoder's work: ${first.message}`);
  };
  pushScopes();
  try {
    const params = new ArrayBuffer(48);
    new Uint32Array(params, 0, 4).set([n, batch, nb, 0]);
    new Float32Array(params, 16, 6).set([
      opts.learningRate,
      beta1,
      beta2,
      opts.epsilon ?? 1e-7,
      1 - beta1,
      1 - beta2,
    ]);
    const paramBuf = make(48, USAGE.UNIFORM | USAGE.COPY_DST);
    device.queue.writeBuffer(paramBuf, 0, params);
    const xBuf = make(n * k * 4, STORAGE);
    // Upload x in slices: one f32 copy of 1M × 20 inputs would be another 80 MB on the heap.
    const slice = 1 << 16;
    for (let from = 0; from < n; from += slice) {
      const to = Math.min(n, from + slice);
      device.queue.writeBuffer(xBuf, from * k * 4, Float32Array.from(x.subarray(from * k, to * k)));
    }
    const wBuf = make(3 * P * 4, STORAGE | USAGE.COPY_SRC);
    device.queue.writeBuffer(wBuf, 0, new Float32Array(initial)); // Adam moments start at 0
    const scratch = make(scratchRows(k) * batch * 4, USAGE.STORAGE);
    const auxBuf = make((P + 1 + epochs) * 4, STORAGE | USAGE.COPY_SRC);
    const stateBuf = make(16, STORAGE);
    const state = new ArrayBuffer(16);
    new Uint32Array(state, 0, 1)[0] = 0;
    new Float32Array(state, 4, 2).set([beta1, beta2]); // tfjs's accBeta starts at β (step 1)
    device.queue.writeBuffer(stateBuf, 0, state);
    const termsBuf = make(4 * (P + 1), STORAGE);
    device.queue.writeBuffer(termsBuf, 0, reduceTerms(k));
    const scoreBuf = make(n * 4, USAGE.STORAGE | USAGE.COPY_SRC);
    const read = make(Math.max(n, epochs) * 4, USAGE.MAP_READ | USAGE.COPY_DST);
    const bindGroup = device.createBindGroup({
      layout,
      entries: [paramBuf, xBuf, wBuf, scratch, auxBuf, stateBuf, termsBuf, scoreBuf].map(
        (buffer, binding) => ({
          binding,
          resource: { buffer },
        }),
      ),
    });

    const readBack = async (src: GPUBuffer, offset: number, count: number): Promise<Float32Array> => {
      const enc = device.createCommandEncoder();
      enc.copyBufferToBuffer(src, offset, read, 0, count * 4);
      device.queue.submit([enc.finish()]);
      await read.mapAsync(USAGE.MAP_READ, 0, count * 4);
      const out = new Float32Array(read.getMappedRange(0, count * 4)).slice();
      read.unmap();
      return out;
    };

    const losses: number[] = [];
    const t0 = performance.now();
    for (let epoch = 0; epoch < epochs; epoch++) {
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setBindGroup(0, bindGroup);
      for (let b = 0; b < nb; b++) {
        pass.setPipeline(backprop);
        pass.dispatchWorkgroups(Math.ceil(batch / WORKGROUP));
        pass.setPipeline(reduce);
        pass.dispatchWorkgroups(P + 1);
        pass.setPipeline(adam);
        pass.dispatchWorkgroups(1);
      }
      pass.end();
      device.queue.submit([enc.finish()]);
      // Σ over the epoch's events of each event's loss, before its step's update (tfjs's epoch loss).
      const [sum] = await readBack(auxBuf, (P + 1 + epoch) * 4, 1);
      if (epoch === 0) {
        await popErrors(); // before a first loss from buffers the device refused is reported
        pushScopes();
      }
      const loss = (sum as number) / n;
      losses.push(loss);
      await opts.onEpoch?.(epoch + 1, loss);
    }
    const trainSeconds = (performance.now() - t0) / 1000;

    const t1 = performance.now();
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setBindGroup(0, bindGroup);
    pass.setPipeline(infer);
    pass.dispatchWorkgroups(Math.min(MAX_WORKGROUPS, Math.ceil(n / REDUCE_WORKGROUP)));
    pass.end();
    device.queue.submit([enc.finish()]);
    const scores = Float64Array.from(await readBack(scoreBuf, 0, n));
    await popErrors();
    return { scores, losses, trainSeconds, inferSeconds: (performance.now() - t1) / 1000 };
  } finally {
    await popErrors().catch(() => {}); // after an exception: only rebalance the scopes
    for (const b of buffers) b.destroy();
  }
}
