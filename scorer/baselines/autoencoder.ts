import { createRequire } from "node:module";
import path from "node:path";
import type * as TF from "@tensorflow/tfjs-core";
import { getDevice } from "@/scorer/compute/device";
import { HIDDEN, LATENT } from "./autoencoder-wgsl";

type Tf = typeof import("@tensorflow/tfjs-core");
type Tfl = typeof import("@tensorflow/tfjs-layers");

/**
 * TensorFlow.js, loaded on first use: a worker that never trains an autoencoder (or a web process)
 * does not carry its modules.
 */
async function loadTf(): Promise<{ tf: Tf; tfl: Tfl }> {
  const [tf, tfl] = await Promise.all([import("@tensorflow/tfjs-core"), import("@tensorflow/tfjs-layers")]);
  await import("@tensorflow/tfjs-backend-cpu");
  return { tf, tfl };
}

/** Options of the dense autoencoder baseline (defaults in brackets). */
export type AutoencoderOptions = {
  /** Training epochs [20]. */
  epochs?: number;
  /** Mini-batch size [4096]. */
  batchSize?: number;
  /** Adam learning rate [3e-3]. */
  learningRate?: number;
  /** Seed of the weight initialisers [1]. */
  seed?: number;
  /**
   * "wasm" (TensorFlow.js, CPU, default), "cpu" (TensorFlow.js plain JS) or "webgpu" (the WGSL
   * trainer of autoencoder-gpu.ts on the WebGPU device, software adapters included).
   */
  backend?: "wasm" | "cpu" | "webgpu";
  /** The WebGPU device for "webgpu" (default: getDevice in gpu mode, software adapters included). */
  gpuDevice?: GPUDevice;
  /** Called after each epoch with the mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void | Promise<void>;
};

export type AutoencoderResult = {
  /** Reconstruction error (mean squared, over the k inputs) per event: the anomaly score. */
  scores: Float64Array;
  /** Mean training loss after each epoch. */
  losses: number[];
  backend: string;
  trainSeconds: number;
  inferSeconds: number;
};

let wasmReady = false;

/** Select a TensorFlow.js CPU backend; the wasm binaries are read from the installed package. */
export async function selectBackend(name: "wasm" | "cpu"): Promise<string> {
  if (name === "wasm" && !wasmReady) {
    const req = createRequire(import.meta.url);
    // Importing the package registers the "wasm" backend; setWasmPaths tells it where its .wasm files are.
    const dir = path.join(path.dirname(req.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
    const { setWasmPaths } = await import("@tensorflow/tfjs-backend-wasm");
    setWasmPaths(`${dir}${path.sep}`);
    wasmReady = true;
  }
  const { tf } = await loadTf();
  if (!(await tf.setBackend(name))) throw new Error(`TensorFlow.js backend "${name}" is not available`);
  await tf.ready();
  return tf.getBackend();
}

/** The model k → 16 → 4 → 16 → k with seeded Glorot-uniform kernels and zero biases. */
function buildModel(tfl: Tfl, k: number, seed: number) {
  const init = (s: number) => tfl.initializers.glorotUniform({ seed: seed * 16 + s });
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units: HIDDEN, activation: "relu", inputShape: [k], kernelInitializer: init(1) }),
      tfl.layers.dense({ units: LATENT, activation: "relu", kernelInitializer: init(2) }),
      tfl.layers.dense({ units: HIDDEN, activation: "relu", kernelInitializer: init(3) }),
      tfl.layers.dense({ units: k, kernelInitializer: init(4) }),
    ],
  });
}

/**
 * The initial weights TensorFlow.js gives the model for a seed, flattened layer by layer (kernel
 * [in][out] row-major, then bias): the GPU trainer starts where the CPU backends start.
 */
async function initialWeights(k: number, seed: number): Promise<Float32Array> {
  await selectBackend("cpu");
  const { tfl } = await loadTf();
  const model = buildModel(tfl, k, seed);
  try {
    const parts = model.getWeights().map((t) => t.dataSync() as Float32Array);
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  } finally {
    model.dispose();
  }
}

/**
 * The dense autoencoder baseline (issue 6): k → 16 → 4 → 16 → k, ReLU, linear output, mean squared
 * error, Adam. Input rows are standardised features [n, k] (row-major, float64; mjj is the caller's
 * to leave out — mass sculpting). The events are used in file order without shuffling (the public file
 * is shuffled already), and the initialisers are seeded, so a run on the CPU backends is reproducible.
 * Score = per-event reconstruction error, computed in batches after training.
 * @example (await trainAutoencoder(x, n, 8, { epochs: 2 })).scores.length // n
 */
export async function trainAutoencoder(
  x: Float64Array,
  n: number,
  k: number,
  opts: AutoencoderOptions = {},
): Promise<AutoencoderResult> {
  if (x.length !== n * k) throw new RangeError(`inputs hold ${x.length} values, not ${n} × ${k}`);
  const epochs = opts.epochs ?? 20;
  const batchSize = opts.batchSize ?? 4096;
  const seed = opts.seed ?? 1;
  const lr = opts.learningRate ?? 3e-3;
  if (opts.backend === "webgpu") {
    let device = opts.gpuDevice;
    if (!device) {
      const dev = await getDevice({ mode: "gpu", allowSoftware: true });
      if (dev.kind !== "gpu") throw new Error(`no WebGPU device for the autoencoder (${dev.fallbackReason})`);
      device = dev.device;
    }
    const initial = await initialWeights(k, seed);
    const { trainAutoencoderGpu } = await import("./autoencoder-gpu");
    const r = await trainAutoencoderGpu(device, x, n, k, initial, {
      epochs,
      batchSize,
      learningRate: lr,
      onEpoch: opts.onEpoch,
    });
    return { ...r, backend: "webgpu" };
  }
  const backend = await selectBackend(opts.backend ?? "wasm");
  const { tf, tfl } = await loadTf();
  const model = buildModel(tfl, k, seed);
  model.compile({ optimizer: tf.train.adam(lr), loss: "meanSquaredError" });
  const X = tf.tensor2d(Float32Array.from(x), [n, k]);
  const losses: number[] = [];
  const t0 = performance.now();
  try {
    await model.fit(X, X, {
      epochs,
      batchSize,
      shuffle: false,
      verbose: 0,
      callbacks: {
        onEpochEnd: async (epoch, logs) => {
          const loss = Number(logs?.loss);
          losses.push(loss);
          await opts.onEpoch?.(epoch + 1, loss);
        },
      },
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const scores = new Float64Array(n);
    const step = batchSize; // large batches are far slower on the wasm backend (8192: 0.6 s per 200k events; 65536: 8 s)
    for (let from = 0; from < n; from += step) {
      const rows = Math.min(step, n - from);
      const err = tf.tidy(() => {
        const part = tf.slice(X, [from, 0], [rows, k]);
        const out = model.predict(part) as TF.Tensor2D;
        return tf.mean(tf.square(tf.sub(out, part)), 1);
      });
      scores.set(await err.data(), from);
      err.dispose();
    }
    return { scores, losses, backend, trainSeconds, inferSeconds: (performance.now() - t1) / 1000 };
  } finally {
    X.dispose();
    model.dispose();
  }
}
